//! The widget's whole state, the actions that change it, and pure views derived from it.

use std::cell::OnceCell;
use std::rc::Rc;

use yew::Reducible;

use crate::config::{Config, Layout};
use crate::core_api::{self, Category, CurrencyInfo, Direction, Feed, FeedStatus, Lang, Quote};

use crate::i18n;

mod compare;
pub use compare::{CompareInfo, OfferRow};

/// Which side of the exchange.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// What the visitor gives.
    Give,
    /// What the visitor gets.
    Get,
}

impl Side {
    /// `give`/`get`, used in ids and `part` names.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Give => "give",
            Side::Get => "get",
        }
    }
}

/// Kinds of failure reported to the host page (`ratelink:error` `kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad or missing attributes.
    Config,
    /// The feed could not be fetched.
    Network,
    /// The feed is on another origin and the request failed (most likely CORS).
    Cors,
    /// The exchanger published a maintenance document.
    Maintenance,
    /// No usable direction.
    Empty,
    /// The body is not a rates feed.
    Parse,
}

impl ErrorKind {
    /// The `kind` string of `ratelink:error`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Config => "config",
            ErrorKind::Network => "network",
            ErrorKind::Cors => "cors",
            ErrorKind::Maintenance => "maintenance",
            ErrorKind::Empty => "empty",
            ErrorKind::Parse => "parse",
        }
    }
}

/// A failure with its cause, for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    /// What kind of failure.
    pub kind: ErrorKind,
    /// The cause, readable.
    pub message: String,
}

pub use ratelink_core::search::sort_with;
use ratelink_core::search::SearchIndex;

/// One currency in use: its catalogue entry and the directions that give it.
#[derive(Debug, PartialEq)]
struct Entry {
    info: CurrencyInfo,
    /// Indices into `feed.directions` of the usable directions from this currency.
    from: Vec<u32>,
    /// How many usable directions receive this currency.
    received: u32,
}

/// Open-addressing table of entry indices by code, for [`Market::build`].
#[derive(Default)]
struct CodeTable {
    /// Entry index + 1 per slot (0: empty); a power of two, at least twice the entries.
    slots: Vec<u32>,
}

impl CodeTable {
    fn hash(code: &str) -> usize {
        // FNV-1a: codes are short ASCII.
        let mut h: u32 = 0x811c_9dc5;
        for b in code.bytes() {
            h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
        }
        h as usize
    }

    /// The index in `entries` of `code`'s entry, added (with its catalogue entry) when new.
    fn slot(&mut self, entries: &mut Vec<Entry>, feed: &Feed, code: &str) -> usize {
        if self.slots.len() < (entries.len() + 1) * 2 {
            let size = ((entries.len() + 1) * 4).next_power_of_two();
            self.slots = vec![0; size];
            for (i, e) in entries.iter().enumerate() {
                let at = self.free(&e.info.code);
                self.slots[at] = i as u32 + 1;
            }
        }
        let mask = self.slots.len() - 1;
        let mut at = Self::hash(code) & mask;
        loop {
            match self.slots[at] {
                0 => break,
                n if entries[n as usize - 1].info.code == code => return n as usize - 1,
                _ => at = (at + 1) & mask,
            }
        }
        entries.push(Entry {
            info: core_api::currency_info(feed, code),
            from: Vec::new(),
            received: 0,
        });
        self.slots[at] = entries.len() as u32;
        entries.len() - 1
    }

    /// The first empty slot on `code`'s probe path (used while rebuilding).
    fn free(&self, code: &str) -> usize {
        let mask = self.slots.len() - 1;
        let mut at = Self::hash(code) & mask;
        while self.slots[at] != 0 {
            at = (at + 1) & mask;
        }
        at
    }
}

/// The usable directions of a feed, indexed by currency, after the allow-list and exclusions.
#[derive(Debug, PartialEq)]
pub struct Market {
    /// The feed as read.
    pub feed: Rc<Feed>,
    /// Every currency in use, sorted by code.
    entries: Vec<Entry>,
    /// How many usable directions there are.
    count: usize,
    /// The search index over `entries`, built at the first search or in idle time.
    search: OnceCell<SearchIndex>,
}

impl Market {
    /// Indexes the directions of `feed` that `config` allows.
    pub fn build(feed: Rc<Feed>, config: &Config) -> Market {
        // Entries in order of first use, found through a small hash table of their codes
        // (a binary search with string compares per direction side was most of the build),
        // then sorted by code once: each entry carries its own lists, so nothing is remapped.
        let mut entries: Vec<Entry> = Vec::new();
        let mut table = CodeTable::default();
        let mut count = 0;
        for (i, d) in feed.directions.iter().enumerate() {
            if !config.allows(&d.from) || !config.allows(&d.to) || d.from == d.to {
                continue;
            }
            count += 1;
            let f = table.slot(&mut entries, &feed, &d.from);
            entries[f].from.push(i as u32);
            let t = table.slot(&mut entries, &feed, &d.to);
            entries[t].received += 1;
        }
        // The size-frugal sort already in the bundle (a std sort of `Entry` cost 1.5 KB brotli).
        sort_with(&mut entries, &|a, b| a.info.code < b.info.code);
        Market {
            feed,
            entries,
            count,
            search: OnceCell::new(),
        }
    }

    /// The search index over every currency in use (built once, on first use).
    pub fn search(&self) -> &SearchIndex {
        self.search
            .get_or_init(|| SearchIndex::new(self.entries.iter().map(|e| e.info.clone()).collect()))
    }

    /// True once [`Market::search`] has built the index.
    pub fn is_indexed(&self) -> bool {
        self.search.get().is_some()
    }

    /// Which currencies in use (by entry) a picker lists: the give side lists every currency
    /// given, the get side those reachable from `give`.
    fn listed(&self, side: Side, give: Option<&str>) -> Vec<bool> {
        match side {
            Side::Give => self.entries.iter().map(|e| !e.from.is_empty()).collect(),
            Side::Get => {
                let mut listed = vec![false; self.entries.len()];
                for d in give.into_iter().flat_map(|g| self.directions_from(g)) {
                    if let Some(i) = self.entry_index(&d.to) {
                        listed[i] = true;
                    }
                }
                listed
            }
        }
    }

    /// Where `code` is in a side's unfiltered picker list (0 when it is not listed): the
    /// option highlighted when that picker opens.
    pub fn place(&self, side: Side, give: Option<&str>, code: Option<&str>) -> usize {
        let groups = self.options(side, give, "");
        let mut flat = groups.iter().flat_map(|g| g.options.iter());
        code.and_then(|c| flat.position(|o| o.code == c))
            .unwrap_or(0)
    }

    /// Picker options for a side (the get side: those reachable from `give`), grouped by
    /// category, filtered by `filter` through the search index (built at the first keystroke).
    pub fn options(&self, side: Side, give: Option<&str>, filter: &str) -> Vec<OptionGroup> {
        if side == Side::Get && give.is_none() {
            return Vec::new();
        }
        let filter = filter.trim();
        let listed = self.listed(side, give);
        let is_listed = |i: usize| listed.get(i).copied().unwrap_or(false);
        let mut ranked: Vec<(u32, CurrencyInfo)> = if filter.is_empty() {
            self.entries
                .iter()
                .enumerate()
                .filter(|&(i, _)| is_listed(i))
                .map(|(_, e)| (6, e.info.clone()))
                .collect()
        } else {
            self.search()
                .matches(filter)
                .into_iter()
                .filter(|&(i, _)| is_listed(i))
                .filter_map(|(i, r)| self.entries.get(i).map(|e| (r, e.info.clone())))
                .collect()
        };
        // Groups keep category order; within a group better matches come first, then the
        // picker order (popularity, code).
        sort_with(&mut ranked, &|a, b| {
            (a.1.category, a.0, a.1.sort_key()) < (b.1.category, b.0, b.1.sort_key())
        });
        let mut groups: Vec<OptionGroup> = Vec::new();
        for (_, c) in ranked {
            match groups.last_mut() {
                Some(g) if g.category == c.category => g.options.push(c),
                _ => groups.push(OptionGroup {
                    category: c.category,
                    options: vec![c],
                }),
            }
        }
        groups
    }

    /// Number of currencies reachable from `from`.
    pub fn target_count(&self, from: &str) -> usize {
        self.listed(Side::Get, Some(from))
            .into_iter()
            .filter(|&l| l)
            .count()
    }

    fn entry_index(&self, code: &str) -> Option<usize> {
        self.entries
            .binary_search_by(|e| e.info.code.as_str().cmp(code))
            .ok()
    }

    fn entry(&self, code: &str) -> Option<&Entry> {
        self.entry_index(code).and_then(|i| self.entries.get(i))
    }
    /// Number of usable directions.
    pub fn count(&self) -> usize {
        self.count
    }

    /// Display names and category of a code (from the feed's `names`).
    pub fn info(&self, code: &str) -> CurrencyInfo {
        self.entry(code)
            .map(|e| e.info.clone())
            .unwrap_or_else(|| core_api::currency_info(&self.feed, code))
    }

    fn directions_from<'a>(&'a self, from: &str) -> impl Iterator<Item = &'a Direction> + 'a {
        let idx = self.entry(from).map(|e| e.from.as_slice()).unwrap_or(&[]);
        idx.iter()
            .filter_map(|&i| self.feed.directions.get(i as usize))
    }

    /// Every direction `from` → `to` (several when offered in several cities).
    pub fn directions(&self, from: &str, to: &str) -> Vec<&Direction> {
        self.directions_from(from).filter(|d| d.to == to).collect()
    }

    /// True when at least one direction `from` → `to` exists.
    pub fn has(&self, from: &str, to: &str) -> bool {
        self.directions_from(from).any(|d| d.to == to)
    }

    /// The best receive currency for `from`: a non-crypto one that is most often received across
    /// the feed (the usual crypto → bank/card pick), else the most received overall, feed order
    /// breaking ties.
    pub fn best_target(&self, from: &str) -> Option<String> {
        let mut best: Option<(&Direction, (bool, u32))> = None;
        for d in self.directions_from(from) {
            let e = self.entry(&d.to);
            let key = (
                e.is_some_and(|e| !core_api::is_crypto(e.info.category)),
                e.map_or(0, |e| e.received),
            );
            if best.as_ref().is_none_or(|(_, k)| key > *k) {
                best = Some((d, key));
            }
        }
        best.map(|(d, _)| d.to.clone())
    }

    /// The pair shown first: `from`/`to` when offered; else the crypto currency with the most
    /// directions (any currency when none is crypto) and its [`Market::best_target`].
    pub fn default_pair(&self, from: Option<&str>, to: Option<&str>) -> Option<(String, String)> {
        let givers = || self.entries.iter().filter(|e| !e.from.is_empty());
        let find = |code: &str| {
            givers()
                .find(|e| e.info.code.eq_ignore_ascii_case(code))
                .map(|e| e.info.code.clone())
        };
        let to_in = |f: &str, t: &str| {
            self.directions_from(f)
                .find(|d| d.to.eq_ignore_ascii_case(t))
                .map(|d| d.to.clone())
        };
        match (from.and_then(find), to) {
            (Some(f), Some(t)) => {
                let to = to_in(&f, t).or_else(|| self.best_target(&f))?;
                return Some((f, to));
            }
            (Some(f), None) => {
                let to = self.best_target(&f)?;
                return Some((f, to));
            }
            (None, Some(t)) => {
                // The busiest give currency that reaches `t` (entries are in code order, so the
                // first of equals wins).
                let mut best: Option<&Entry> = None;
                for e in givers().filter(|e| to_in(&e.info.code, t).is_some()) {
                    if best.is_none_or(|b| e.from.len() > b.from.len()) {
                        best = Some(e);
                    }
                }
                if let Some(e) = best {
                    let to = to_in(&e.info.code, t)?;
                    return Some((e.info.code.clone(), to));
                }
            }
            (None, None) => {}
        }
        let mut best: Option<&Entry> = None;
        for e in givers() {
            let key = |e: &Entry| (core_api::is_crypto(e.info.category), e.from.len());
            if best.is_none_or(|b| key(e) > key(b)) {
                best = Some(e);
            }
        }
        let give = best?.info.code.clone();
        let get = self.best_target(&give)?;
        Some((give, get))
    }
}

/// A group of picker options under one category label.
#[derive(Clone, Debug, PartialEq)]
pub struct OptionGroup {
    /// The category.
    pub category: Category,
    /// The currencies, in display order.
    pub options: Vec<CurrencyInfo>,
}

/// An open picker: the picker's own state (a keystroke does not go through the App's
/// reducer, so it re-renders the picker only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picker {
    /// What the visitor typed into it.
    pub filter: String,
    /// Index of the highlighted option in the flattened filtered list.
    pub highlighted: usize,
    /// How many options of the filtered list are rendered (the list is windowed: the first
    /// [`PAGE`] at once, more as the visitor scrolls or moves the highlight down).
    pub shown: usize,
}

/// What a picker does with its own state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PickerAction {
    /// Open, highlighting option `at` of the unfiltered list (the current value's place).
    Open(usize),
    /// Close.
    Close,
    /// Typed into the picker (opens it): the first match highlighted, the first page shown.
    Filter(String),
    /// Moved the highlight in a list of `len` options.
    Move(Move, usize),
    /// The list of `len` options was scrolled near its end: render the next page.
    ShowMore(usize),
}

/// A picker's state: the open picker, or `None` while closed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PickerState(pub Option<Picker>);

impl Reducible for PickerState {
    type Action = PickerAction;

    fn reduce(self: Rc<Self>, action: PickerAction) -> Rc<Self> {
        let next = match (action, &self.0) {
            (PickerAction::Open(at), _) => Some(Picker {
                filter: String::new(),
                highlighted: at,
                shown: window_for(at),
            }),
            (PickerAction::Close, None) => return self,
            (PickerAction::Close, Some(_)) => None,
            (PickerAction::Filter(filter), _) => Some(Picker {
                filter,
                highlighted: 0,
                shown: PAGE,
            }),
            (PickerAction::Move(mv, len), Some(p)) => {
                let last = len.saturating_sub(1);
                let highlighted = match mv {
                    Move::Up => p.highlighted.saturating_sub(1),
                    Move::Down => (p.highlighted + 1).min(last),
                    Move::Home => 0,
                    Move::End => last,
                };
                Some(Picker {
                    filter: p.filter.clone(),
                    highlighted,
                    shown: p.shown.max(window_for(highlighted)),
                })
            }
            (PickerAction::ShowMore(len), Some(p)) if p.shown < len => Some(Picker {
                shown: p.shown + PAGE,
                ..p.clone()
            }),
            _ => return self,
        };
        Rc::new(Self(next))
    }
}

/// Options rendered at once when a picker opens or its filter changes.
pub const PAGE: usize = 15;

/// The window that shows option `index`: whole pages, at least one.
pub fn window_for(index: usize) -> usize {
    (index / PAGE + 1) * PAGE
}

/// Keyboard moves inside an open picker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    /// Previous option.
    Up,
    /// Next option.
    Down,
    /// First option.
    Home,
    /// Last option.
    End,
}

/// Where loading stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    /// No data yet, fetch under way.
    Loading,
    /// Data usable (maybe stale).
    Ready,
    /// Nothing usable: the error to show.
    Failed(LoadError),
}

/// Everything the widget shows.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// The checked attributes.
    pub config: Rc<Config>,
    /// The last good data.
    pub market: Option<Rc<Market>>,
    /// Loading, ready or failed.
    pub phase: Phase,
    /// The most recent failure, kept while older data stays usable.
    pub last_error: Option<LoadError>,
    /// Failures since the last success (drives the back-off).
    pub failures: u32,
    /// A fetch is under way (from the start while the first load is pending).
    pub refreshing: bool,
    /// When the data was last loaded (ms since the epoch).
    pub updated_at: Option<f64>,
    /// True after three missed refresh intervals or a maintenance document.
    pub stale: bool,
    /// Chosen give currency.
    pub give: Option<String>,
    /// Chosen get currency.
    pub get: Option<String>,
    /// The amount as typed.
    pub amount: String,
    /// The side the amount was typed on.
    pub typed: Side,
    /// True while the amount is the widget's suggestion (re-suggested when the pair changes).
    pub amount_auto: bool,
    /// Chosen city for cash directions.
    pub city: Option<String>,
    /// The text of the polite live region.
    pub announcement: String,
    /// The widget's clock (ms since the epoch), advanced by [`Action::Tick`].
    pub now: f64,
    /// Result of the last "copy link" (`None` until tried or after the pair changed).
    pub copied: Option<bool>,
    /// While no feed has loaded yet: milliseconds until the next attempt (shown in the error).
    pub retry_in_ms: Option<u32>,
    /// URL of the feed's icon sprite, when the relay names one.
    pub icons_url: Option<String>,
    /// True once a sprite is in the widget's shadow root: icons are drawn from then on.
    pub icons_ready: bool,
    /// Compare layout: the exchangers of the document whose directions `market` holds.
    pub compare: Option<Rc<CompareInfo>>,
}

/// What `el.state()` returns to the page: the pair, both amounts, the direction's rate, reserve
/// and limits as decimal strings (`null` when unknown), and whether the data is stale. In the
/// compare layout they are the best offer's (the top-ranked one for the typed amount), and
/// `exchanger` names it.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Snapshot {
    /// Give code.
    pub from: Option<String>,
    /// Get code.
    pub to: Option<String>,
    /// Amount given (the typed one, or the one needed for the typed get amount).
    pub amount_give: Option<String>,
    /// Amount received, never more than the exchanger pays.
    pub amount_get: Option<String>,
    /// Units of `to` per unit of `from`.
    pub rate: Option<String>,
    /// The exchanger's reserve of `to`.
    pub reserve: Option<String>,
    /// Smallest amount given.
    pub min: Option<String>,
    /// Largest amount given.
    pub max: Option<String>,
    /// True when the shown data may be out of date.
    pub stale: bool,
    /// Compare layout: the id of the exchanger whose offer is best; `null` otherwise.
    pub exchanger: Option<String>,
}

/// Every change to the state.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Attributes changed.
    Configure(Rc<Config>),
    /// A fetch started.
    FetchStarted,
    /// A feed was read (at = ms since the epoch).
    FeedLoaded { feed: Rc<Feed>, at: f64 },
    /// A relay's `/compare` document was read (at = ms since the epoch); its merged feed is
    /// then loaded as by [`Action::FeedLoaded`].
    CompareLoaded { info: Rc<CompareInfo>, at: f64 },
    /// A fetch or read failed.
    FeedFailed { error: LoadError, at: f64 },
    /// Time passed (re-evaluates staleness).
    Tick { now: f64 },
    /// The host asked for a pair (JS `setPair`).
    SetPair { from: String, to: String },
    /// Swap give and get.
    Swap,
    /// Chose a currency by pointer.
    Choose { side: Side, code: String },
    /// Typed an amount.
    TypeAmount { side: Side, text: String },
    /// Chose a city.
    ChooseCity(String),
    /// Input settled: update the live region.
    Settle,
    /// "Copy link" finished (true when copied).
    Copied(bool),
    /// The next fetch after a failed first load is due in `in_ms` milliseconds.
    RetryScheduled { in_ms: u32 },
    /// The loaded feed names this icon sprite (or none).
    Icons(Option<String>),
    /// The sprite at `icons_url` is in place: show icons.
    IconsShown,
}

impl State {
    /// The state before anything is loaded.
    pub fn new(config: Rc<Config>) -> State {
        let phase = match config.fatal_errors().next() {
            Some(e) => Phase::Failed(LoadError {
                kind: ErrorKind::Config,
                message: e.to_string(),
            }),
            None => Phase::Loading,
        };
        // The first fetch starts as the widget mounts: already "under way", so its
        // `FetchStarted` changes nothing and costs no render before the feed arrives.
        let refreshing = phase == Phase::Loading;
        State {
            amount: config.amount.clone().unwrap_or_default(),
            config,
            market: None,
            phase,
            last_error: None,
            failures: 0,
            refreshing,
            updated_at: None,
            stale: false,
            give: None,
            get: None,
            typed: Side::Give,
            amount_auto: false,
            city: None,
            announcement: String::new(),
            now: 0.0,
            copied: None,
            retry_in_ms: None,
            icons_url: None,
            icons_ready: false,
            compare: None,
        }
    }

    /// UI language.
    pub fn lang(&self) -> Lang {
        self.config.lang
    }

    /// The direction shown: the pair's direction in the chosen city, else the first one.
    pub fn direction(&self) -> Option<&Direction> {
        let (m, g, t) = (
            self.market.as_deref()?,
            self.give.as_deref()?,
            self.get.as_deref()?,
        );
        let dirs = m.directions(g, t);
        dirs.iter()
            .find(|d| d.city.is_some() && d.city == self.city)
            .or(dirs.first())
            .copied()
    }

    /// Cities offered for the pair (cash directions), in feed order.
    pub fn cities(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        if let (Some(m), Some(g), Some(t)) = (
            self.market.as_deref(),
            self.give.as_deref(),
            self.get.as_deref(),
        ) {
            for d in m.directions(g, t) {
                if let Some(c) = &d.city {
                    if !out.contains(c) {
                        out.push(c.clone());
                    }
                }
            }
        }
        out
    }

    /// The limits line of the shown direction (`"min 0.001 – max 13.89 BTC"`); a limit the
    /// feed wrote in a third currency is shown as written (`"min 10 USD"`) and never checked.
    pub fn limits_text(&self) -> String {
        self.direction()
            .map(|d| core_api::limits_text(d, self.lang()))
            .unwrap_or_default()
    }

    /// The quote for the typed amount; `None` without a direction or a readable amount.
    pub fn quote(&self) -> Option<Quote> {
        let dir = self.direction()?;
        let amount = core_api::parse_amount_input(&self.amount, self.lang()).ok()?;
        Some(match self.typed {
            Side::Give => core_api::quote_give(dir, amount),
            Side::Get => core_api::quote_get(dir, amount),
        })
    }

    /// The state the page reads with `el.state()`.
    pub fn snapshot(&self) -> Snapshot {
        let text = |d: Option<core_api::Decimal>| d.map(|d| d.normalized().to_string());
        let rows;
        let (dir, quote, exchanger) = if self.compare.is_some() {
            // The best offer (fitting ones rank first); amounts only for a readable amount.
            rows = self.offer_rows();
            let best = rows.first();
            let typed = core_api::parse_amount_input(&self.amount, self.lang()).is_ok();
            (
                best.map(|r| r.direction),
                best.filter(|_| typed).map(|r| r.quote.clone()),
                best.map(|r| r.exchanger),
            )
        } else {
            (self.direction(), self.quote(), None)
        };
        Snapshot {
            from: self.give.clone(),
            to: self.get.clone(),
            // The side typed is the visitor's; the other is known only when it was computed.
            amount_give: text(
                quote
                    .as_ref()
                    .filter(|q| q.computed() || self.typed == Side::Give)
                    .map(|q| q.give),
            ),
            amount_get: text(
                quote
                    .as_ref()
                    .filter(|q| q.computed() || self.typed == Side::Get)
                    .map(|q| q.get),
            ),
            rate: text(dir.and_then(Direction::rate)),
            reserve: text(dir.and_then(|d| d.reserve)),
            min: text(dir.and_then(|d| d.min)),
            max: text(dir.and_then(|d| d.max)),
            stale: self.stale || exchanger.is_some_and(|e| e.stale),
            exchanger: exchanger.map(|e| e.id.clone()),
        }
    }

    /// Why the typed amount is not a number; `None` when it is one or the field is empty.
    pub fn amount_problem(&self) -> Option<String> {
        match core_api::parse_amount_input(&self.amount, self.lang()) {
            Ok(_) | Err(core_api::AmountInputError::Empty) => None,
            Err(e) => Some(e.message(self.lang())),
        }
    }

    /// The affiliate link for the current pair; the partner's home link when no pair is chosen.
    pub fn href(&self) -> Option<String> {
        let link = self.config.link.as_ref()?;
        let pair = match (&self.give, &self.get) {
            (Some(g), Some(t)) => Some((g.as_str(), t.as_str())),
            _ => self.config.from.as_deref().zip(self.config.to.as_deref()),
        };
        Some(match pair {
            Some((g, t)) => link.href(g, t),
            None => core_api::home_href(link, self.config.has_template),
        })
    }

    /// True when the reverse of the current pair is offered.
    pub fn can_swap(&self) -> bool {
        match (self.market.as_deref(), &self.give, &self.get) {
            (Some(m), Some(g), Some(t)) => m.has(t, g),
            _ => false,
        }
    }

    /// Picker options for a side, grouped by category, filtered by `filter` (what was typed
    /// into that picker) through the market's search index (built at the first keystroke).
    pub fn options(&self, side: Side, filter: &str) -> Vec<OptionGroup> {
        let Some(m) = self.market.as_deref() else {
            return Vec::new();
        };
        m.options(side, self.give.as_deref(), filter)
    }

    /// The options of a side in display order, as codes.
    pub fn flat_options(&self, side: Side, filter: &str) -> Vec<String> {
        self.options(side, filter)
            .into_iter()
            .flat_map(|g| g.options.into_iter().map(|c| c.code))
            .collect()
    }

    /// Number of currencies reachable from the chosen give currency.
    pub fn target_count(&self) -> usize {
        match (self.market.as_deref(), &self.give) {
            (Some(m), Some(g)) => m.target_count(g),
            _ => 0,
        }
    }

    /// What the live region should say about the current input.
    pub fn settled_message(&self) -> String {
        let lang = self.lang();
        let s = i18n::strings(lang);
        if self.config.layout == Layout::Compare {
            return self.compare_message();
        }
        let (Some(dir), Some(q)) = (self.direction(), self.quote()) else {
            return String::new();
        };
        if !q.problems.is_empty() {
            let msgs: Vec<String> = q.problems.iter().map(|p| p.message(dir, lang)).collect();
            return msgs.join("; ");
        }
        let (label, value, code) = match self.typed {
            Side::Give => (s.you_get, q.get, &dir.to),
            Side::Get => (s.you_give, q.give, &dir.from),
        };
        format!(
            "{label}: {} {code}",
            core_api::format_amount(&value, core_api::precision_for(code), lang)
        )
    }

    fn is_stale_at(&self, now: f64) -> bool {
        let limit = 3.0 * f64::from(self.config.refresh_secs) * 1000.0;
        self.updated_at.is_some_and(|t| now - t > limit)
    }

    /// Picks a valid pair (keeping the current one when still offered) and a starting amount.
    fn settle_pair(&mut self, prefer_config: bool) {
        let Some(m) = self.market.clone() else { return };
        let keep =
            !prefer_config && matches!((&self.give, &self.get), (Some(g), Some(t)) if m.has(g, t));
        if !keep {
            // A pair asked for before the data came (setPair), or the one that vanished from a
            // refreshed feed, is honoured as far as possible; new attributes win.
            let (from, to) = if prefer_config {
                (self.config.from.as_deref(), self.config.to.as_deref())
            } else {
                (
                    self.give.as_deref().or(self.config.from.as_deref()),
                    self.get.as_deref().or(self.config.to.as_deref()),
                )
            };
            let pair = m.default_pair(from, to);
            self.give = pair.as_ref().map(|p| p.0.clone());
            self.get = pair.map(|p| p.1);
        }
        if !self
            .cities()
            .contains(self.city.as_ref().unwrap_or(&String::new()))
        {
            self.city = self.cities().first().cloned();
        }
        if self.amount.trim().is_empty() || self.amount_auto {
            self.suggest_amount();
        }
    }

    /// Prefills a usable amount: core's suggestion to give, or the minimum payout to receive
    /// when the suggestion would pay out less than that.
    fn suggest_amount(&mut self) {
        let Some(d) = self.direction() else { return };
        let give = core_api::suggested_amount(d);
        let below_to_min =
            core_api::quote_give(d, give)
                .problems
                .into_iter()
                .find_map(|p| match p {
                    core_api::LimitProblem::BelowToMin { to_min } => Some(to_min),
                    _ => None,
                });
        (self.amount, self.typed) = match below_to_min {
            Some(to_min) => (to_min.normalized().to_string(), Side::Get),
            None => (give.normalized().to_string(), Side::Give),
        };
        self.amount_auto = true;
    }

    /// After a pair change: a fresh suggestion unless the visitor typed the amount.
    fn pair_changed(&mut self) {
        if self.amount_auto {
            self.suggest_amount();
        }
    }

    fn choose(&mut self, side: Side, code: String) {
        let Some(m) = self.market.clone() else { return };
        match side {
            Side::Give => {
                if m.entry(&code).is_none_or(|e| e.from.is_empty()) {
                    return;
                }
                let keep_get = self.get.as_ref().is_some_and(|t| m.has(&code, t));
                if !keep_get {
                    self.get = m.best_target(&code);
                }
                self.give = Some(code);
            }
            Side::Get => match &self.give {
                Some(g) if m.has(g, &code) => self.get = Some(code),
                _ => return,
            },
        }
        self.city = self.cities().first().cloned();
        self.pair_changed();
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // Nothing to change (the same state: Yew renders nothing for it).
        if matches!(action, Action::FetchStarted) && self.refreshing {
            return self;
        }
        let mut s = (*self).clone();
        match action {
            Action::Configure(config) => {
                if config == s.config {
                    return self;
                }
                let old = s.config.clone();
                s.config = config.clone();
                if let Some(e) = config.fatal_errors().next() {
                    s.phase = Phase::Failed(LoadError {
                        kind: ErrorKind::Config,
                        message: e.to_string(),
                    });
                    return Rc::new(s);
                }
                // A new feed, or into or out of the compare layout (another document): start over.
                if old.feed != config.feed
                    || (old.layout == Layout::Compare) != (config.layout == Layout::Compare)
                {
                    let mut fresh = State::new(config);
                    fresh.give = s.give;
                    fresh.get = s.get;
                    fresh.amount = s.amount;
                    fresh.typed = s.typed;
                    fresh.amount_auto = s.amount_auto;
                    return Rc::new(fresh);
                }
                if old.amount != config.amount {
                    s.amount = config.amount.clone().unwrap_or_default();
                    s.typed = Side::Give;
                    s.amount_auto = false;
                }
                let pair_changed = old.from != config.from || old.to != config.to;
                let lists_changed =
                    old.currencies != config.currencies || old.exclude != config.exclude;
                if let Some(m) = s.market.clone() {
                    if lists_changed {
                        s.market = Some(Rc::new(Market::build(m.feed.clone(), &config)));
                    }
                    s.settle_pair(pair_changed);
                }
                if matches!(
                    s.phase,
                    Phase::Failed(LoadError {
                        kind: ErrorKind::Config,
                        ..
                    })
                ) {
                    s.phase = if s.market.is_some() {
                        Phase::Ready
                    } else {
                        Phase::Loading
                    };
                }
            }
            Action::FetchStarted => s.refreshing = true,
            Action::CompareLoaded { info, at } => {
                let (feed, kept) = (info.feed.clone(), s.compare.replace(info));
                let next = Rc::new(s).reduce(Action::FeedLoaded {
                    feed: feed.clone(),
                    at,
                });
                // A document the market did not take (empty, refused) leaves the last good one
                // with the directions it describes.
                if next
                    .market
                    .as_ref()
                    .is_some_and(|m| Rc::ptr_eq(&m.feed, &feed))
                {
                    return next;
                }
                let mut next = (*next).clone();
                next.compare = kept;
                return Rc::new(next);
            }
            Action::FeedLoaded { feed, at } => {
                s.refreshing = false;
                s.retry_in_ms = None;
                s.now = at;
                let market = Market::build(feed.clone(), &s.config);
                let compare = s.config.layout == Layout::Compare;
                let problem = match feed.status {
                    // Only a /compare document says whose offer each direction is.
                    _ if compare
                        && !s
                            .compare
                            .as_ref()
                            .is_some_and(|c| Rc::ptr_eq(&c.feed, &feed)) =>
                    {
                        Some(LoadError {
                            kind: ErrorKind::Parse,
                            message: "layout=\"compare\" reads a relay's /compare".into(),
                        })
                    }
                    FeedStatus::Maintenance => Some(LoadError {
                        kind: ErrorKind::Maintenance,
                        message: feed
                            .warnings
                            .first()
                            .cloned()
                            .unwrap_or_else(|| "the exchanger reports maintenance".into()),
                    }),
                    _ if market.count() == 0 => Some(LoadError {
                        kind: ErrorKind::Empty,
                        message: if compare && market.count() == 0 {
                            let mut m = String::from("no exchanger has offers");
                            for (e, why) in s.unavailable() {
                                for part in ["; ", &e.title, ": ", why] {
                                    m.push_str(part);
                                }
                            }
                            m
                        } else if feed.directions.is_empty() {
                            "the feed lists no exchange direction".into()
                        } else {
                            format!("none of the feed's {} directions is allowed by \"currencies\"/\"exclude\"", feed.directions.len())
                        },
                    }),
                    _ => None,
                };
                if matches!(
                    s.phase,
                    Phase::Failed(LoadError {
                        kind: ErrorKind::Config,
                        ..
                    })
                ) {
                    return Rc::new(s);
                }
                match problem {
                    None => {
                        s.market = Some(Rc::new(market));
                        s.phase = Phase::Ready;
                        s.last_error = None;
                        s.failures = 0;
                        s.updated_at = Some(at);
                        s.stale = false;
                        s.settle_pair(false);
                    }
                    Some(err) => {
                        // Keep the last good data, marked stale.
                        s.failures += 1;
                        s.stale = s.market.is_some();
                        if s.market.is_none() {
                            s.phase = Phase::Failed(err.clone());
                        }
                        s.last_error = Some(err);
                    }
                }
            }
            Action::FeedFailed { error, at } => {
                s.refreshing = false;
                s.now = at;
                s.failures += 1;
                if s.market.is_none()
                    && !matches!(
                        s.phase,
                        Phase::Failed(LoadError {
                            kind: ErrorKind::Config,
                            ..
                        })
                    )
                {
                    s.phase = Phase::Failed(error.clone());
                }
                s.last_error = Some(error);
                s.stale = s.stale || s.is_stale_at(at);
            }
            Action::Tick { now } => {
                s.stale = s.is_stale_at(now) || (s.stale && s.last_error.is_some());
                s.now = now;
            }
            Action::Copied(ok) => s.copied = Some(ok),
            Action::Icons(url) if url == self.icons_url => return self,
            Action::Icons(url) => s.icons_url = url,
            Action::IconsShown => s.icons_ready = true,
            Action::RetryScheduled { in_ms } => {
                s.retry_in_ms = s.market.is_none().then_some(in_ms);
            }
            Action::SetPair { from, to } => {
                let Some(m) = s.market.clone() else {
                    s.give = Some(from);
                    s.get = Some(to);
                    return Rc::new(s);
                };
                let pair = m.default_pair(Some(&from), Some(&to));
                if pair
                    .as_ref()
                    .is_some_and(|(f, _)| f.eq_ignore_ascii_case(&from))
                {
                    s.give = pair.as_ref().map(|p| p.0.clone());
                    s.get = pair.map(|p| p.1);
                    s.city = s.cities().first().cloned();
                    s.pair_changed();
                }
            }
            Action::Swap => {
                if !s.can_swap() {
                    return self;
                }
                std::mem::swap(&mut s.give, &mut s.get);
                // The typed amount keeps its meaning: what was given is now received (compare
                // layout: offers are ranked for an amount given, so it stays given).
                if s.config.layout != Layout::Compare {
                    s.typed = match s.typed {
                        Side::Give => Side::Get,
                        Side::Get => Side::Give,
                    };
                }
                s.city = s.cities().first().cloned();
                s.pair_changed();
            }
            Action::Choose { side, code } => s.choose(side, code),
            Action::TypeAmount { side, text } => {
                s.amount = text;
                s.typed = side;
                s.amount_auto = false;
            }
            Action::ChooseCity(city) => {
                if !s.cities().contains(&city) || s.city.as_ref() == Some(&city) {
                    return self;
                }
                // Another desk is another direction, with its own limits.
                s.city = Some(city);
                s.pair_changed();
            }
            Action::Settle => {
                let msg = s.settled_message();
                if msg == s.announcement {
                    return self;
                }
                s.announcement = msg;
            }
        }
        if s.give != self.give || s.get != self.get {
            s.copied = None;
        }
        Rc::new(s)
    }
}

/// Milliseconds until the retry after `failures` failed attempts at the first load (no feed yet):
/// 1 s, 2 s, 4 s… doubling, capped at the refresh interval. Without jitter: it only runs while a
/// page is opening, and the visitor is told the exact wait.
pub fn first_fetch_retry_ms(failures: u32, refresh_secs: u32) -> u32 {
    let interval = refresh_secs.saturating_mul(1000);
    let doubled = 1000u32.saturating_mul(1 << failures.clamp(1, 20).saturating_sub(1));
    doubled.min(interval)
}

/// Milliseconds until the next fetch: the refresh interval after a success; after failures an
/// exponential back-off from 5 s, capped at four intervals, with ±25 % jitter (`jitter` in [0, 1)).
pub fn next_fetch_delay_ms(failures: u32, refresh_secs: u32, jitter: f64) -> u32 {
    let interval = f64::from(refresh_secs) * 1000.0;
    if failures == 0 {
        return interval as u32;
    }
    let base = 5000.0 * 2f64.powi(failures.min(16) as i32 - 1);
    let capped = base.min(interval * 4.0);
    (capped * (0.75 + 0.5 * jitter.clamp(0.0, 1.0))) as u32
}
