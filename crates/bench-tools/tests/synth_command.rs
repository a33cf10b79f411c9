//! The `answerable-synth` command: it writes a site only into a new or
//! empty folder.

use std::process::Command;

#[test]
fn it_never_writes_into_a_folder_in_use() {
    let synth = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_answerable-synth"))
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let target = dir.path().to_str().unwrap();
    let out = synth(&["--pages", "100", "--out", target]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("the folder is not empty"), "{stderr}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

    let new = dir.path().join("site");
    let out = synth(&[
        "--pages",
        "100",
        "--seed",
        "5",
        "--out",
        new.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("a build will write"), "{stdout}");
    assert!(new.join("site.toml").is_file());
}
