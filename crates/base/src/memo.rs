//! What one build can hand to the next: results of pure, costly steps
//! (markdown, highlighting, rendering a page), looked up by a
//! hash of everything they depend on. A changed input changes the hash, so
//! a rebuild redoes exactly the work whose inputs changed and nothing has to
//! track which page depends on which file.
//!
//! Each stage owns the memos of its own results (`markup::Memos`,
//! `render::Memos`); the site keeps them all between builds. A one-off
//! build (`answerable build`) makes them with `Memo::new(false)`, which
//! keeps nothing: remembering every page would only cost memory.

use std::hash::{BuildHasher, Hash, Hasher};
use std::io;
use std::sync::{Mutex, MutexGuard};

/// Results by the hash of their inputs.
pub struct Memo<V> {
    remember: bool,
    /// Used by the build under way.
    current: Mutex<foldhash::HashMap<u64, V>>,
    /// From the build before, not yet used by this one.
    previous: Mutex<foldhash::HashMap<u64, V>>,
}

/// Locks a map; a panic elsewhere cannot leave one half-changed (each
/// change is one insert or remove), so a poisoned lock is still good.
fn locked<V>(map: &Mutex<foldhash::HashMap<u64, V>>) -> MutexGuard<'_, foldhash::HashMap<u64, V>> {
    map.lock().unwrap_or_else(|e| e.into_inner())
}

impl<V: Clone> Memo<V> {
    pub fn new(remember: bool) -> Self {
        Memo {
            remember,
            current: Mutex::default(),
            previous: Mutex::default(),
        }
    }

    /// The value for `key`, computed only if no earlier call (in this
    /// build or the one before) computed it.
    pub fn get_or(&self, key: u64, compute: impl FnOnce() -> V) -> V {
        self.get_or_maybe(key, || Some(compute()))
            .expect("computed values are always some")
    }

    /// [`Memo::get_or`] for a computation that can fail; failures are
    /// not remembered.
    pub fn try_get_or<E>(&self, key: u64, compute: impl FnOnce() -> Result<V, E>) -> Result<V, E> {
        let mut failure = None;
        let value = self.get_or_maybe(key, || match compute() {
            Ok(value) => Some(value),
            Err(e) => {
                failure = Some(e);
                None
            }
        });
        match (value, failure) {
            (Some(value), _) => Ok(value),
            (None, Some(e)) => Err(e),
            (None, None) => unreachable!("a value or a failure"),
        }
    }

    fn get_or_maybe(&self, key: u64, compute: impl FnOnce() -> Option<V>) -> Option<V> {
        if !self.remember {
            return compute();
        }
        if let Some(value) = locked(&self.current).get(&key) {
            return Some(value.clone());
        }
        // Computed without holding a lock, so pages render in parallel; two
        // threads may compute the same value, which is only wasted work.
        let remembered = locked(&self.previous).remove(&key);
        let value = remembered.or_else(compute)?;
        locked(&self.current).insert(key, value.clone());
        Some(value)
    }

    pub fn finish_build(&self) {
        let used = std::mem::take(&mut *locked(&self.current));
        *locked(&self.previous) = used;
    }

    /// Whether results are kept (a one-off build keeps none, so need not
    /// even work out their keys).
    pub fn remembers(&self) -> bool {
        self.remember
    }

    /// How many results the last finished build used.
    pub fn len(&self) -> usize {
        locked(&self.previous).len() + locked(&self.current).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Keys hash whole source documents and pages' values on every rebuild:
/// foldhash's quality variant is several times quicker than SipHash on
/// long input, with as good a spread of 64-bit keys.
const KEYS: foldhash::quality::FixedState = foldhash::quality::FixedState::with_seed(0);

/// A hash of `value`, to key a [`Memo`].
pub fn key(value: &impl Hash) -> u64 {
    KEYS.hash_one(value)
}

/// Hashes named values by their JSON form, as they would go into a
/// template's context, without building it.
#[derive(Default)]
pub struct JsonHasher(HashWriter);

impl JsonHasher {
    pub fn add<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        name.hash(&mut self.0.0);
        serde_json::to_writer(&mut self.0, value).expect("template values serialise");
    }

    /// The hash of everything added, and of `more`.
    pub fn finish_with(mut self, more: &impl Hash) -> u64 {
        more.hash(&mut self.0.0);
        self.0.0.finish()
    }
}

struct HashWriter(foldhash::quality::FoldHasher<'static>);

impl Default for HashWriter {
    fn default() -> Self {
        HashWriter(KEYS.build_hasher())
    }
}

impl io::Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn a_remembering_memo_computes_each_key_once_and_forgets_unused_keys() {
        let memo = Memo::new(true);
        let computed = Cell::new(0);
        let compute = |v: &'static str| {
            computed.set(computed.get() + 1);
            v
        };
        assert_eq!(memo.get_or(1, || compute("a")), "a");
        assert_eq!(memo.get_or(1, || compute("b")), "a");
        memo.get_or(2, || compute("c"));
        memo.finish_build();
        assert_eq!(computed.get(), 2);
        // The next build uses only key 1: key 2 is forgotten after it.
        assert_eq!(memo.get_or(1, || compute("d")), "a");
        memo.finish_build();
        assert_eq!(memo.len(), 1);
        assert_eq!(memo.get_or(2, || compute("e")), "e");
        assert_eq!(computed.get(), 3);
    }

    #[test]
    fn a_one_off_memo_keeps_nothing() {
        let memo = Memo::new(false);
        memo.get_or(1, || 1);
        assert_eq!(memo.get_or(1, || 2), 2);
        assert!(memo.is_empty());
    }

    #[test]
    fn json_hashes_differ_when_any_value_or_name_differs() {
        let hash = |name: &str, value: serde_json::Value| {
            let mut hasher = JsonHasher::default();
            hasher.add(name, &value);
            hasher.finish_with(&"page.html")
        };
        let a = serde_json::json!({"name": "Essex", "n": 1});
        let b = serde_json::json!({"name": "Essex", "n": 2});
        assert_eq!(hash("force", a.clone()), hash("force", a.clone()));
        assert_ne!(hash("force", a.clone()), hash("force", b));
        assert_ne!(hash("force", a.clone()), hash("rocu", a));
    }
}
