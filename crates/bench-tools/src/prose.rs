//! Seeded randomness and the prose of synthetic sites: sentences in the
//! registers of an inspection report, a commissioner's letter and a
//! commentator, composed from the lists in `words`.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use super::words::*;

/// The one source of randomness of a synthetic site.
///
/// Only fastrand's raw 64-bit stream is used (its `u64(..)`, which is
/// wyrand itself); ranges, weights and shuffles are done here. fastrand's
/// own range helpers could change between its releases, and with them every
/// benchmark site; wyrand will not.
pub struct Dice(fastrand::Rng);

impl Dice {
    pub fn new(seed: u64) -> Self {
        Dice(fastrand::Rng::with_seed(seed))
    }

    pub fn raw(&mut self) -> u64 {
        self.0.u64(..)
    }

    /// A number in `0..n`, without modulo bias (Lemire's method).
    pub fn below(&mut self, n: usize) -> usize {
        assert!(n > 0, "below(0)");
        let n = n as u64;
        let threshold = n.wrapping_neg() % n;
        loop {
            let product = u128::from(self.raw()) * u128::from(n);
            if product as u64 >= threshold {
                return (product >> 64) as usize;
            }
        }
    }

    /// A number in `low..=high`.
    pub fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An index into `weights`, each chosen in proportion to its weight.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|w| u64::from(*w)).sum();
        let mut x = self.below(total as usize) as u64;
        for (i, w) in weights.iter().enumerate() {
            if x < u64::from(*w) {
                return i;
            }
            x -= u64::from(*w);
        }
        unreachable!("x < total")
    }

    /// `k` distinct numbers from `0..n`, in increasing order.
    pub fn choose(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        let k = k.min(n);
        for i in 0..k {
            let j = self.between(i, n - 1);
            all.swap(i, j);
        }
        let mut chosen = all[..k].to_vec();
        chosen.sort_unstable();
        chosen
    }
}

/// Zipf's law over ranks `0..n`: rank r with weight 1/(r+1), as word
/// frequencies in prose roughly follow. Integer weights, so every platform
/// draws the same ranks.
struct Zipf {
    cumulative: Vec<u64>,
}

impl Zipf {
    fn new(n: usize) -> Self {
        let mut total = 0u64;
        let cumulative = (0..n as u64)
            .map(|r| {
                total += 1_000_000_000 / (r + 1);
                total
            })
            .collect();
        Zipf { cumulative }
    }

    fn sample(&self, dice: &mut Dice) -> usize {
        let total = *self.cumulative.last().expect("a non-empty list");
        let x = dice.below(total as usize) as u64;
        self.cumulative.partition_point(|c| *c <= x)
    }
}

/// Writes sentences, drawing words with Zipf's law from each list.
pub struct Writer {
    pub dice: Dice,
    zipf: BTreeMap<usize, Zipf>,
}

/// What a response says about one recommendation, and the sentence that
/// says it (the position's quotation).
pub struct Stance {
    pub id: &'static str,
    pub sentence: String,
}

impl Writer {
    pub fn new(seed: u64) -> Self {
        Writer {
            dice: Dice::new(seed),
            zipf: BTreeMap::new(),
        }
    }

    /// A rank in `0..n`, low ones more often.
    pub fn rank(&mut self, n: usize) -> usize {
        self.zipf
            .entry(n)
            .or_insert_with(|| Zipf::new(n))
            .sample(&mut self.dice)
    }

    /// An entry of `list`, common ones (near the start) more often.
    pub fn word<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.rank(list.len())]
    }

    fn verb(&mut self) -> (&'static str, &'static str) {
        VERBS[self.rank(VERBS.len())]
    }

    /// A made-up English place name: thousands of them, a few common and
    /// most rare, as proper names are in real reports.
    pub fn place(&mut self) -> String {
        let start = self.word(PLACE_STARTS);
        let middle = self.word(PLACE_MIDDLES);
        let end = self.word(PLACE_ENDS);
        format!("{start}{middle}{end}")
    }

    pub fn person(&mut self) -> String {
        let first = self.word(FIRST_NAMES);
        // Many English surnames are place names.
        let surname = if self.dice.chance(30) {
            self.place()
        } else {
            self.word(SURNAMES).to_string()
        };
        format!("{first} {surname}")
    }

    pub fn operation(&mut self) -> String {
        format!("Operation {}", self.word(OPERATION_NAMES))
    }

    fn clause(&mut self) -> String {
        let actor = self.word(ACTORS);
        let (verb, _) = self.verb();
        let object = self.word(OBJECTS);
        format!("{actor} {verb} {object}")
    }

    /// A sentence of an inspection report's findings.
    pub fn finding(&mut self) -> String {
        // Templates uniformly, words by Zipf: otherwise one sentence shape
        // would fill every page.
        let sentence = match self.dice.below(10) {
            0 => {
                let connector = self.word(CONNECTORS);
                let clause = self.clause();
                let qualifier = self.word(QUALIFIERS);
                if connector.ends_with("that") {
                    format!("{connector} {clause} {qualifier}")
                } else {
                    format!("{connector}, {clause} {qualifier}")
                }
            }
            1 => format!("We found that {}", self.clause()),
            2 => {
                let total = self.dice.between(6, 120);
                let some = self.dice.between(1, total);
                let cases = self.word(CASES);
                let actor = self.word(ACTORS);
                let (_, past) = self.verb();
                let object = self.word(OBJECTS);
                format!("In {some} of the {total} {cases} we reviewed, {actor} {past} {object}")
            }
            3 => {
                let who = self.word(&[
                    "Senior leaders",
                    "Frontline officers",
                    "A detective inspector",
                    "Staff in the control room",
                    "One chief officer",
                    "Partner agencies",
                    "A ROCU head",
                    "Investigators",
                    "Analysts",
                    "Supervisors",
                ]);
                let place = self.place();
                let clause = self.clause();
                let qualifier = self.word(QUALIFIERS);
                format!("{who} in {place} told us that {clause} {qualifier}")
            }
            4 => {
                let judgment = self.word(JUDGMENTS);
                let actor = self.word(ACTORS);
                let ask = self.word(ASKS);
                let object = self.word(OBJECTS);
                format!("This is {judgment}, and {actor} should {ask} {object}")
            }
            5 => {
                let quality = self.word(&["good", "innovative", "effective", "poor", "promising"]);
                let place = self.place();
                let actor = self.word(ACTORS);
                let (_, past) = self.verb();
                let object = self.word(OBJECTS);
                format!("We saw {quality} practice in {place}, where {actor} {past} {object}")
            }
            6 => {
                let operation = self.operation();
                let crime = self.word(CRIMES);
                let place = self.place();
                let clause = self.clause();
                format!(
                    "{operation}, an investigation into {crime} in {place}, showed how {clause}"
                )
            }
            7 => {
                let percent = self.dice.between(8, 97);
                let cases = self.word(CASES);
                let state = self.word(&[
                    "a supervisory review",
                    "a completed risk assessment",
                    "a recorded victim update",
                    "an investigation plan",
                    "a documented rationale",
                    "a referral to partners",
                ]);
                let days = self.word(&["7", "14", "28", "30", "56", "90"]);
                format!("Only {percent} per cent of {cases} had {state} within {days} days")
            }
            8 => {
                let first = self.clause();
                let second = self.clause();
                format!("{first}, but {second}")
            }
            _ => {
                let year = self.dice.between(2013, 2023);
                let strategy = self.word(&[
                    "Serious and Organised Crime Strategy",
                    "Strategic Policing Requirement",
                    "National Policing Digital Strategy",
                    "Beating Crime Plan",
                    "Tackling Violence Against Women and Girls Strategy",
                    "Fraud Strategy",
                    "Economic Crime Plan",
                ]);
                let object = self.word(OBJECTS);
                let clause = self.clause();
                format!("The {year} {strategy} sets out expectations for {object}, yet {clause}")
            }
        };
        sentence_case(&sentence)
    }

    /// A sentence of a commissioner's letter.
    pub fn letter(&mut self, force: &str) -> String {
        let sentence = match self.dice.below(9) {
            0 => format!("I welcome the report's findings on {}", self.word(OBJECTS)),
            1 => {
                let clause = self.clause();
                let qualifier = self.word(QUALIFIERS);
                format!("The Chief Constable has assured me that {clause} {qualifier}")
            }
            2 => {
                let (_, past) = self.verb();
                let object = self.word(OBJECTS);
                let qualifier = self.word(QUALIFIERS);
                format!("{force} {past} {object} {qualifier}")
            }
            3 => {
                let object = self.word(OBJECTS);
                let board = self.board();
                format!("My office will monitor {object} through the {board}")
            }
            4 => format!(
                "I note the inspectorate's concern about {}",
                self.word(OBJECTS)
            ),
            5 => {
                let ask = self.word(ASKS);
                let object = self.word(OBJECTS);
                let when = self.month_year(2016, 2028);
                format!("Work is under way to {ask} {object} by {when}")
            }
            6 => {
                let connector = self.word(CONNECTORS);
                let clause = self.clause();
                if connector.ends_with("that") {
                    format!("{connector} {clause}")
                } else {
                    format!("{connector}, {clause}")
                }
            }
            7 => "I have discussed the report with the Chief Constable, who has shared the force's response with me".to_string(),
            _ => {
                let place = self.place();
                let (_, past) = self.verb();
                let object = self.word(OBJECTS);
                let qualifier = self.word(QUALIFIERS);
                format!("Local partners, including {place} council, {past} {object} {qualifier}")
            }
        };
        sentence_case(&sentence)
    }

    /// A sentence of commentary.
    pub fn commentary(&mut self) -> String {
        let sentence = match self.dice.below(8) {
            0 => format!("The inspectorate found that {}", self.clause()),
            1 => format!("This matters because {}", self.clause()),
            2 => format!("It is not clear from the report whether {}", self.clause()),
            3 => {
                let object = self.word(OBJECTS);
                let judgment = self.word(JUDGMENTS);
                format!("On {object}, the report's verdict is plain: {judgment}")
            }
            4 => {
                let crime = self.word(CRIMES);
                let object = self.word(OBJECTS);
                format!("Anyone following {crime} will recognise the concern about {object}")
            }
            5 => {
                let board = self.board();
                let object = self.word(OBJECTS);
                format!("Commissioners could ask the {board} to report on {object}")
            }
            6 => {
                let operation = self.operation();
                let place = self.place();
                let object = self.word(OBJECTS);
                format!(
                    "{operation} in {place} is the report's example of what good {object} looks like"
                )
            }
            // Already a whole sentence.
            _ => return self.finding(),
        };
        sentence_case(&sentence)
    }

    /// What a response says about recommendation `number`, in a sentence a
    /// position can quote.
    pub fn stance(&mut self, number: u32, force: &str) -> Stance {
        let weights: Vec<u32> = STANCES.iter().map(|(_, w)| *w).collect();
        let id = STANCES[self.dice.weighted(&weights)].0;
        let variant = self.dice.chance(50);
        let object = self.word(OBJECTS);
        let sentence = match (id, variant) {
            ("acknowledged", false) => {
                format!("I acknowledge recommendation {number} and the findings that led to it")
            }
            ("acknowledged", true) => format!(
                "I note recommendation {number}, which concerns {object}, and have asked the Chief Constable to consider it"
            ),
            ("action-planned", _) => {
                let ask = self.word(ASKS);
                let when = self.month_year(2016, 2029);
                format!(
                    "In response to recommendation {number}, the force has begun work to {ask} {object} and expects to complete it by {when}"
                )
            }
            ("reports-met", false) => format!(
                "I have received assurance from the Chief Constable that {force} already meets the requirements of recommendation {number}"
            ),
            ("reports-met", true) => format!(
                "{force} already has arrangements for {object} that meet recommendation {number}, as the force's own audit confirms"
            ),
            ("supports", _) => format!(
                "I fully support recommendation {number} and will press for early progress on {object}"
            ),
            ("under-review", _) => {
                let board = self.board();
                let when = self.month_year(2016, 2029);
                format!(
                    "Recommendation {number} is being considered by the {board}, which will report to me by {when}"
                )
            }
            ("supports-with-reservations", _) => {
                let clause = self.clause();
                format!(
                    "I support the aim of recommendation {number}, but I am concerned that {clause} without additional funding"
                )
            }
            _ => format!(
                "I do not agree with recommendation {number} - the force's current approach to {object} meets the need, and the change would not be a good use of public money"
            ),
        };
        Stance {
            id,
            sentence: sentence_case(&sentence),
        }
    }

    fn board(&mut self) -> &'static str {
        self.word(&[
            "Police and Crime Panel",
            "Performance and Resources Scrutiny Board",
            "joint audit committee",
            "monthly accountability meeting",
            "Strategic Policing Board",
            "force's change board",
            "regional governance board",
        ])
    }

    pub fn month_year(&mut self, from: usize, to: usize) -> String {
        let month = *self.dice.pick(&MONTHS);
        let year = self.dice.between(from, to);
        format!("{month} {year}")
    }

    /// A paragraph of some number of sentences of `kind`.
    pub fn paragraph(
        &mut self,
        sentences: RangeInclusive<usize>,
        mut kind: impl FnMut(&mut Self) -> String,
    ) -> String {
        let sentences = self.dice.between(*sentences.start(), *sentences.end());
        (0..sentences)
            .map(|_| kind(self))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Capitalises the first letter and ends the sentence with a full stop.
pub fn sentence_case(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>())
        .unwrap_or_default();
    out.push_str(chars.as_str());
    out.push('.');
    out
}

/// As a letter or report would be typeset: curly apostrophes and spaced en
/// dashes, which quotations (typed with straight ones) must still match.
pub fn typeset(text: &str) -> String {
    text.replace('\'', "\u{2019}").replace(" - ", " \u{2013} ")
}

/// Breaks text into lines of at most `width` characters (longer words
/// stay whole), as plain-text documents and hand-written markdown are.
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / width);
    let mut line = 0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let length = word.chars().count();
        if line > 0 && line + 1 + length > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += length;
    }
    out
}

pub fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_is_pinned() {
        // wyrand (its v4.2 constants) from seed 42, reduced to 0..1000 with
        // Lemire's method, as an independent implementation computes them.
        // If this fails, fastrand's generator changed and every synthetic
        // site with it: benchmark figures before and after the change are
        // not comparable.
        let mut dice = Dice::new(42);
        let drawn: Vec<usize> = (0..8).map(|_| dice.below(1000)).collect();
        assert_eq!(drawn, [790, 493, 804, 39, 542, 455, 895, 388]);
    }

    #[test]
    fn ranges_and_choices_stay_in_bounds() {
        let mut dice = Dice::new(7);
        for n in 1..50 {
            assert!(dice.below(n) < n);
            let chosen = dice.choose(n, n / 2);
            assert_eq!(chosen.len(), n / 2);
            assert!(chosen.windows(2).all(|w| w[0] < w[1]));
        }
        assert_eq!(dice.weighted(&[0, 5, 0]), 1);
    }

    #[test]
    fn zipf_favours_early_ranks() {
        let mut dice = Dice::new(1);
        let zipf = Zipf::new(100);
        let mut counts = [0usize; 100];
        for _ in 0..20_000 {
            counts[zipf.sample(&mut dice)] += 1;
        }
        assert!(counts[0] > counts[1] && counts[1] > counts[9] && counts[9] > counts[99]);
        assert!(counts[99] > 0);
    }

    #[test]
    fn text_is_wrapped_and_typeset() {
        assert_eq!(wrap("aa bb cc dd", 5), "aa bb\ncc dd");
        assert_eq!(
            typeset("the force's plan - now"),
            "the force\u{2019}s plan \u{2013} now"
        );
        assert_eq!(sentence_case("the force"), "The force.");
    }
}
