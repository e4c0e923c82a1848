// The dataset's types and their lookups: included by `src/data/mod.rs` and by `build.rs`
// (which validates the embedded dataset with the same code before the crate is built).

/// Text in both languages the component speaks.
#[derive(Debug, Clone, PartialEq)]
pub struct Localized {
    pub vi: String,
    pub en: String,
}

impl Localized {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

/// The language of every string a chart shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub const ALLOWED: &'static str = "\"vi\" or \"en\"";
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Unit {
    MillionVnd,
    Count,
    Percent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Basis {
    Plan,
    Actual,
}

#[derive(Debug, Clone)]
pub struct Region {
    pub id: String,
    pub name: Localized,
    /// Short name for tight labels ("MT–TN").
    pub short: Option<Localized>,
}

#[derive(Debug, Clone)]
pub struct Measure {
    pub id: String,
    pub unit: Unit,
    pub name: Localized,
}

#[derive(Debug, Clone)]
pub struct Source {
    pub file: String,
    pub title: Localized,
    pub publisher: String,
    pub date: String,
}

#[derive(Debug, Clone)]
pub struct Quote {
    pub file: String,
    pub quote: String,
}

/// How a figure was computed from stated ones (it is not itself in the text).
#[derive(Debug, Clone)]
pub struct Derivation {
    pub formula: String,
    pub inputs: Vec<String>,
}

/// One stated (or derived) number: the unit of everything the charts draw.
#[derive(Debug, Clone)]
pub struct Figure {
    pub id: String,
    pub region: String,
    pub year: i32,
    pub months: u8,
    pub measure: String,
    pub basis: Basis,
    pub value: f64,
    pub unit: Unit,
    pub source: Quote,
    pub estimate: bool,
    pub at_least: bool,
    pub ambiguous: bool,
    pub derived: Option<Derivation>,
    pub note: Option<Localized>,
    /// Where `region`, `measure` and `source.file` are in the dataset's lists: set when
    /// the dataset is loaded (see [`Dataset::intern`]); `Refs::default()` in a figure
    /// built in Rust.
    pub refs: Refs,
}

/// A figure's region, measure and source as positions in its dataset's lists, found once
/// by [`Dataset::intern`] so that the charts look them up without comparing text. `None`
/// (not interned yet, not in the list, or past position 65 535): lookups search by id.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Refs {
    region: Option<u16>,
    measure: Option<u16>,
    source: Option<u16>,
}

/// A region, measure or source as the charts compare them: its position in the
/// dataset's list, or its id when the list does not hold it. Two are equal exactly when
/// their ids are (the position is the first with that id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Id<'a> {
    At(usize),
    Unknown(&'a str),
}

impl Id<'_> {
    /// The position in the dataset's list, if it is there.
    pub fn at(self) -> Option<usize> {
        match self {
            Id::At(i) => Some(i),
            Id::Unknown(_) => None,
        }
    }
}

impl Figure {
    pub fn is_partial_year(&self) -> bool {
        self.months < 12
    }
}

/// What an annotation is attached to.
#[derive(Debug, Clone, PartialEq)]
pub enum AnnotationTarget {
    /// One figure, by id: drawn at its bar.
    Figure(String),
    /// A year of a region: drawn at that year's column (or its first row).
    Period { region: String, year: i32 },
    /// A measure: drawn at its panel.
    Measure(String),
}

/// Where an annotation's label would rather stand beside its anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LabelPosition {
    #[default]
    Auto,
    Above,
    Below,
    Left,
    Right,
}

/// A short note drawn on the chart as a callout (or a numbered marker with the text
/// listed under the chart), read as its own keyboard stop, in the summary and the table.
#[derive(Debug, Clone)]
pub struct Annotation {
    pub target: AnnotationTarget,
    /// Plain text, at most [`MAX_ANNOTATION_CHARS`] characters in each language.
    pub text: Localized,
    pub position: LabelPosition,
    /// The sentence the note rests on (required of the embedded data by its tests).
    pub source: Option<Quote>,
}

#[derive(Debug, Clone)]
pub struct Dataset {
    pub schema_version: u32,
    pub regions: Vec<Region>,
    pub measures: Vec<Measure>,
    pub sources: Vec<Source>,
    pub figures: Vec<Figure>,
    /// Optional notes on figures, periods or measures (empty when the JSON has none).
    pub annotations: Vec<Annotation>,
}

/// Every problem found in a dataset, each with the path of the offending field.
#[derive(Debug, Clone, PartialEq)]
pub struct DataError {
    pub problems: Vec<String>,
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid dataset: {}", self.problems.join("; "))
    }
}

impl std::error::Error for DataError {}

impl Dataset {
    /// Parses and validates a dataset in the public JSON schema (`schema/khuyencong.schema.json`).
    ///
    /// On failure every problem is listed, one `path: message` line each (at most
    /// [`MAX_PROBLEMS`], then a count of the rest). Text over [`MAX_JSON_BYTES`] is refused
    /// before it is parsed.
    pub fn from_json(json: &str) -> Result<Dataset, DataError> {
        validate::from_json(json)
    }

    /// Validates and builds a dataset from a parsed JSON value, with the same checks and
    /// messages as [`Dataset::from_json`].
    pub fn from_value(value: json::Value) -> Result<Dataset, DataError> {
        validate::from_value(&value)
    }

    /// [`Dataset::from_value`] on a `serde_json` value (native builds: tests and tools
    /// that already hold one), converted member by member.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn from_serde_value(value: &serde_json::Value) -> Result<Dataset, DataError> {
        validate::walk_value(&json::from_serde(value))
    }

    /// Checks a dataset built in Rust (its fields are public) with the same rules and
    /// messages as [`Dataset::from_json`]: finite values, months 1–12, references, units,
    /// duplicate ids, text lengths and the size limits.
    pub fn validate(&self) -> Result<(), DataError> {
        validate::validate(self)
    }

    /// Finds every figure's region, measure and source in the lists once (by halving
    /// sorted lists of ids): what the charts then use instead of comparing text. Loading
    /// a dataset does it: [`Dataset::from_json`] and [`Dataset::from_value`] with the
    /// validator's own indexes, `build.rs` for the embedded dataset, the table reader by
    /// this call. A dataset built or changed in Rust calls it after the change (until
    /// then its figures are found by id, as before).
    pub fn intern(&mut self) {
        let (regions, measures, sources) = (
            validate::index_of(self.regions.iter().map(|r| r.id.as_str())),
            validate::index_of(self.measures.iter().map(|m| m.id.as_str())),
            validate::index_of(self.sources.iter().map(|s| s.file.as_str())),
        );
        let at = |index: &validate::FirstIndex, id: &str| {
            index.get(id).and_then(|i| u16::try_from(i).ok())
        };
        for f in &mut self.figures {
            f.refs = Refs {
                region: at(&regions, &f.region),
                measure: at(&measures, &f.measure),
                source: at(&sources, &f.source.file),
            };
        }
    }

    /// A region id as the charts compare it (see [`Id`]).
    pub fn region_id<'a>(&self, id: &'a str) -> Id<'a> {
        match self.regions.iter().position(|r| r.id == id) {
            Some(i) => Id::At(i),
            None => Id::Unknown(id),
        }
    }

    /// A measure id as the charts compare it (see [`Id`]).
    pub fn measure_id<'a>(&self, id: &'a str) -> Id<'a> {
        match self.measures.iter().position(|m| m.id == id) {
            Some(i) => Id::At(i),
            None => Id::Unknown(id),
        }
    }

    /// A source file as the charts compare it (see [`Id`]).
    pub fn source_id<'a>(&self, file: &'a str) -> Id<'a> {
        match self.sources.iter().position(|s| s.file == file) {
            Some(i) => Id::At(i),
            None => Id::Unknown(file),
        }
    }

    /// A figure's region: its interned position, else found by id.
    pub fn region_id_of<'a>(&self, f: &'a Figure) -> Id<'a> {
        f.refs
            .region
            .map_or_else(|| self.region_id(&f.region), |i| Id::At(usize::from(i)))
    }

    /// A figure's measure: its interned position, else found by id.
    pub fn measure_id_of<'a>(&self, f: &'a Figure) -> Id<'a> {
        f.refs
            .measure
            .map_or_else(|| self.measure_id(&f.measure), |i| Id::At(usize::from(i)))
    }

    /// A figure's source: its interned position, else found by file name.
    pub fn source_id_of<'a>(&self, f: &'a Figure) -> Id<'a> {
        f.refs
            .source
            .map_or_else(|| self.source_id(&f.source.file), |i| Id::At(usize::from(i)))
    }

    /// The region of a figure, if the dataset lists it.
    pub fn region_of(&self, f: &Figure) -> Option<&Region> {
        self.region_id_of(f).at().and_then(|i| self.regions.get(i))
    }

    /// The measure of a figure, if the dataset lists it.
    pub fn measure_of(&self, f: &Figure) -> Option<&Measure> {
        self.measure_id_of(f).at().and_then(|i| self.measures.get(i))
    }

    /// The source of a figure, if the dataset lists it.
    pub fn source_of(&self, f: &Figure) -> Option<&Source> {
        self.source_id_of(f).at().and_then(|i| self.sources.get(i))
    }

    pub fn region(&self, id: &str) -> Option<&Region> {
        self.region_id(id).at().and_then(|i| self.regions.get(i))
    }

    pub fn measure(&self, id: &str) -> Option<&Measure> {
        self.measure_id(id).at().and_then(|i| self.measures.get(i))
    }

    pub fn source(&self, file: &str) -> Option<&Source> {
        self.source_id(file).at().and_then(|i| self.sources.get(i))
    }

    pub fn figure(&self, id: &str) -> Option<&Figure> {
        self.figures.iter().find(|f| f.id == id)
    }
}

