//! Where each force's tile sits on the force map, from `data/tiles.toml`.

use answerable_data::model::Dataset;
use serde::Serialize;

/// Where a force's tile sits on the force map, as the charts get it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TilePlace {
    pub force: String,
    pub column: u32,
    pub row: u32,
    pub label: String,
}

/// The tile positions of `data/tiles.toml`, each with its label (the
/// first three letters of the force's name, in capitals, when the file
/// gives none).
pub fn places(dataset: &Dataset) -> Vec<TilePlace> {
    dataset
        .tiles
        .iter()
        .map(|t| TilePlace {
            force: t.force.value.clone(),
            column: t.column.value,
            row: t.row.value,
            label: match &t.label {
                Some(label) => label.value.clone(),
                None => {
                    let name = dataset
                        .forces
                        .iter()
                        .find(|f| f.id.value == t.force.value)
                        .map_or(t.force.value.as_str(), |f| f.name.as_str());
                    default_label(name)
                }
            },
        })
        .collect()
}

/// "Gwent" → "GWE": the first three letters or digits of a name.
pub fn default_label(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .take(3)
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_labels_are_three_capitals() {
        assert_eq!(default_label("Gwent"), "GWE");
        assert_eq!(default_label("Dyfed-Powys"), "DYF");
        assert_eq!(default_label("A"), "A");
    }
}
