//! Currency catalogue: BestChange-style code -> names (en/ru), category, token network; search.

use crate::format::Lang;
use std::borrow::Cow;

/// What kind of money a code stands for; also the group order of the picker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// A coin on its own chain (`BTC`, `ETH`, `XMR`).
    Crypto,
    /// A token on a named network (`USDTTRC20`, `USDCERC20`).
    Token,
    /// Payment systems and e-wallets (`PMUSD`, `ADVCUSD`, `YAMRUB`).
    EMoney,
    /// A named bank, or any bank account (`SBERRUB`, `WIRERUB`).
    Bank,
    /// Card payments (`CARDRUB`, `MIRCRUB`).
    Card,
    /// Cash in an office or by courier (`CASHUSD`).
    Cash,
    /// Money transfer systems (`WUUSD`, `MGUSD`).
    Transfer,
    /// Exchange accounts and codes (`EXMRUB`, `GRNTXRUB`).
    Exchange,
    /// Anything the catalogue cannot place.
    Other,
}

impl Category {
    /// Every category, in display order (the picker groups by this order).
    pub const ALL: [Category; 9] = [
        Category::Crypto,
        Category::Token,
        Category::EMoney,
        Category::Bank,
        Category::Card,
        Category::Cash,
        Category::Transfer,
        Category::Exchange,
        Category::Other,
    ];

    /// Position in [`Category::ALL`] (smaller is shown first).
    pub fn order(self) -> u8 {
        self as u8
    }

    /// Group heading for people.
    pub fn label(self, lang: Lang) -> &'static str {
        let (en, ru) = match self {
            Category::Crypto => ("Cryptocurrencies", "Криптовалюты"),
            Category::Token => ("Tokens", "Токены"),
            Category::EMoney => ("E-money", "Электронные деньги"),
            Category::Bank => ("Banks", "Банки"),
            Category::Card => ("Cards", "Карты"),
            Category::Cash => ("Cash", "Наличные"),
            Category::Transfer => ("Money transfers", "Денежные переводы"),
            Category::Exchange => ("Exchange accounts", "Биржевые счета"),
            Category::Other => ("Other", "Другое"),
        };
        match lang {
            Lang::En => en,
            Lang::Ru => ru,
        }
    }

    /// Stable machine name (`"crypto"`, `"e-money"`, ...), e.g. for CSS classes or JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Crypto => "crypto",
            Category::Token => "token",
            Category::EMoney => "e-money",
            Category::Bank => "bank",
            Category::Card => "card",
            Category::Cash => "cash",
            Category::Transfer => "transfer",
            Category::Exchange => "exchange",
            Category::Other => "other",
        }
    }
}

/// What the catalogue knows about one code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrencyInfo {
    /// The code exactly as asked for (as in the feed; never rewritten).
    pub code: String,
    /// The catalogue code the names come from (differs for aliases: `USDTTRC` -> `USDTTRC20`);
    /// for unknown codes, the code upper-cased.
    pub canonical: Cow<'static, str>,
    /// English name, without the network (falls back to the code).
    pub name_en: Cow<'static, str>,
    /// Russian name, without the network (falls back to the English name or the code).
    pub name_ru: Cow<'static, str>,
    /// Kind of money (guessed from the code's shape for unknown codes).
    pub category: Category,
    /// Token network to show next to the name (`"TRC20"`, `"ERC20"`, `"Omni"`), if any.
    pub network: Option<&'static str>,
    /// True when the code (or its alias) is in the catalogue.
    pub known: bool,
    /// Popularity rank inside the catalogue (smaller is more common); `u16::MAX` when unknown.
    pub rank: u16,
}

impl CurrencyInfo {
    /// The name in `lang`, without the network.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.name_en,
            Lang::Ru => &self.name_ru,
        }
    }

    /// The name with the network, for lists and labels: `"Tether (TRC20)"`, `"Bitcoin"`.
    pub fn title(&self, lang: Lang) -> String {
        match self.network {
            Some(net) => format!("{} ({net})", self.name(lang)),
            None => self.name(lang).to_string(),
        }
    }

    /// Sort key for a grouped picker: category order, then popularity, then code.
    pub fn sort_key(&self) -> (u8, u16, &str) {
        (self.category.order(), self.rank, &self.code)
    }

    /// True for coins pegged to a fiat currency (shown with fiat precision).
    pub fn is_stablecoin(&self) -> bool {
        matches!(self.category, Category::Crypto | Category::Token)
            && STABLECOINS.iter().any(|s| self.canonical.starts_with(s))
    }

    /// Fractional digits shown for amounts: 8 for crypto and unknown codes, 2 for stablecoins
    /// and every fiat category.
    pub fn decimals(&self) -> u32 {
        match self.category {
            Category::Crypto | Category::Token if self.is_stablecoin() => 2,
            Category::Crypto | Category::Token | Category::Other => 8,
            _ => 2,
        }
    }
}

const STABLECOINS: [&str; 9] = ["USDT", "USDC", "DAI", "BUSD", "TUSD", "USDP", "PYUSD", "FDUSD", "USDE"];

use Category::{Bank as B, Card as K, Cash as C, Crypto as X, EMoney as E, Exchange as S, Token as T, Transfer as W};

/// The catalogue, most common first: (code, category, English name, Russian name or "" when
/// the same). Names follow BestChange's lists; tokens carry no network in the name (it is
/// derived from the code, see [`NETWORKS`]).
static CATALOGUE: &[(&str, Category, &str, &str)] = &[
    ("BTC", X, "Bitcoin", "Биткоин"),
    ("USDTTRC20", T, "Tether", ""),
    ("ETH", X, "Ethereum", "Эфириум"),
    ("SBERRUB", B, "Sberbank", "Сбербанк"),
    ("TCSBRUB", B, "T-Bank (Tinkoff)", "Т-Банк (Тинькофф)"),
    ("CARDRUB", K, "Visa/MasterCard RUB", ""),
    ("USDTERC20", T, "Tether", ""),
    ("USDTBEP20", T, "Tether", ""),
    ("LTC", X, "Litecoin", "Лайткоин"),
    ("TRX", X, "TRON", "Трон"),
    ("XMR", X, "Monero", "Монеро"),
    ("SBPRUB", B, "SBP (Faster Payments)", "СБП"),
    ("ACRUB", B, "Alfa-Bank", "Альфа-Банк"),
    ("CASHUSD", C, "Cash USD", "Наличные USD"),
    ("CASHRUB", C, "Cash RUB", "Наличные RUB"),
    ("PMUSD", E, "Perfect Money USD", ""),
    ("USDTTON", T, "Tether", ""),
    ("TON", X, "Toncoin", "Тонкоин"),
    ("USDTSOL", T, "Tether", ""),
    ("USDTOMNI", T, "Tether", ""),
    ("USDCERC20", T, "USD Coin", ""),
    ("USDCTRC20", T, "USD Coin", ""),
    ("USDCBEP20", T, "USD Coin", ""),
    ("USDCSOL", T, "USD Coin", ""),
    ("USDC", X, "USD Coin", ""),
    ("BCH", X, "Bitcoin Cash", "Биткоин Кэш"),
    ("DOGE", X, "Dogecoin", "Догикоин"),
    ("XRP", X, "Ripple", "Рипл"),
    ("SOL", X, "Solana", "Солана"),
    ("DASH", X, "Dash", "Дэш"),
    ("ZEC", X, "Zcash", "Зкэш"),
    ("ADA", X, "Cardano", "Кардано"),
    ("BNB", X, "BNB", ""),
    ("BNBBEP20", T, "BNB", ""),
    ("DOT", X, "Polkadot", "Полкадот"),
    ("ETC", X, "Ethereum Classic", "Эфириум Классик"),
    ("MATIC", X, "Polygon (MATIC)", ""),
    ("POL", X, "Polygon (POL)", ""),
    ("XLM", X, "Stellar", "Стеллар"),
    ("ATOM", X, "Cosmos", "Космос"),
    ("AVAX", X, "Avalanche", "Аваланч"),
    ("LINK", X, "Chainlink", ""),
    ("UNI", X, "Uniswap", ""),
    ("SHIB", X, "Shiba Inu", ""),
    ("NOT", X, "Notcoin", "Ноткоин"),
    ("DAI", X, "Dai", ""),
    ("TUSD", X, "TrueUSD", ""),
    ("USDP", X, "Pax Dollar", ""),
    ("BUSD", X, "Binance USD", ""),
    ("BTCBEP20", T, "Bitcoin", "Биткоин"),
    ("ETHBEP20", T, "Ethereum", "Эфириум"),
    ("ETHARBITRUM", T, "Ethereum", "Эфириум"),
    ("BTCLN", X, "Bitcoin Lightning", "Биткоин Lightning"),
    ("WBTC", X, "Wrapped Bitcoin", ""),
    ("WETH", X, "Wrapped Ether", ""),
    ("BSV", X, "Bitcoin SV", ""),
    ("BTG", X, "Bitcoin Gold", ""),
    ("XTZ", X, "Tezos", ""),
    ("ALGO", X, "Algorand", ""),
    ("NEAR", X, "NEAR Protocol", ""),
    ("TRUMP", X, "Official Trump", ""),
    ("APT", X, "Aptos", ""),
    ("ARB", X, "Arbitrum", ""),
    ("OP", X, "Optimism", ""),
    ("SUI", X, "Sui", ""),
    ("KAS", X, "Kaspa", ""),
    ("ICP", X, "Internet Computer", ""),
    ("FIL", X, "Filecoin", ""),
    ("HBAR", X, "Hedera", ""),
    ("VET", X, "VeChain", ""),
    ("EOS", X, "EOS", ""),
    ("NEO", X, "NEO", ""),
    ("XEM", X, "NEM", ""),
    ("WAVES", X, "Waves", ""),
    ("QTUM", X, "Qtum", ""),
    ("ICX", X, "ICON", ""),
    ("ONT", X, "Ontology", ""),
    ("ZRX", X, "0x", ""),
    ("BAT", X, "Basic Attention Token", ""),
    ("OMG", X, "OMG Network", ""),
    ("XVG", X, "Verge", ""),
    ("KMD", X, "Komodo", ""),
    ("RVN", X, "Ravencoin", ""),
    ("DCR", X, "Decred", ""),
    ("DGB", X, "DigiByte", ""),
    ("ZEN", X, "Horizen", ""),
    ("LSK", X, "Lisk", ""),
    ("REP", X, "Augur", ""),
    ("MIOTA", X, "IOTA", ""),
    ("BTT", X, "BitTorrent", ""),
    ("MKR", X, "Maker", ""),
    ("AAVE", X, "Aave", ""),
    ("YFI", X, "yearn.finance", ""),
    ("CAKE", X, "PancakeSwap", ""),
    ("FTM", X, "Fantom", ""),
    ("KSM", X, "Kusama", ""),
    ("PEPE", X, "Pepe", ""),
    ("USDTPOLYGON", T, "Tether", ""),
    ("USDTARBITRUM", T, "Tether", ""),
    ("USDTAVAXC", T, "Tether", ""),
    ("USDTOPTIMISM", T, "Tether", ""),
    ("USDCPOLYGON", T, "USD Coin", ""),
    ("USDCARBITRUM", T, "USD Coin", ""),
    ("DAIERC20", T, "Dai", ""),
    ("DAIBEP20", T, "Dai", ""),
    ("SHIBERC20", T, "Shiba Inu", ""),
    ("SHIBBEP20", T, "Shiba Inu", ""),
    ("LINKERC20", T, "Chainlink", ""),
    ("UNIERC20", T, "Uniswap", ""),
    ("PMEUR", E, "Perfect Money EUR", ""),
    ("PMBTC", E, "Perfect Money BTC", ""),
    ("PMVUSD", E, "Perfect Money e-Voucher USD", ""),
    ("ADVCUSD", E, "AdvCash USD", ""),
    ("ADVCEUR", E, "AdvCash EUR", ""),
    ("ADVCRUB", E, "AdvCash RUB", ""),
    ("ADVCUAH", E, "AdvCash UAH", ""),
    ("ADVCKZT", E, "AdvCash KZT", ""),
    ("ADVCTRY", E, "AdvCash TRY", ""),
    ("PRUSD", E, "Payeer USD", ""),
    ("PREUR", E, "Payeer EUR", ""),
    ("PRRUB", E, "Payeer RUB", ""),
    ("YAMRUB", E, "YooMoney", "ЮMoney"),
    ("QWRUB", E, "QIWI RUB", ""),
    ("QWKZT", E, "QIWI KZT", ""),
    ("QWUSD", E, "QIWI USD", ""),
    ("WMZ", E, "WebMoney WMZ", ""),
    ("WMR", E, "WebMoney WMR", ""),
    ("WME", E, "WebMoney WME", ""),
    ("WMX", E, "WebMoney WMX", ""),
    ("WMP", E, "WebMoney WMP", ""),
    ("WMB", E, "WebMoney WMB", ""),
    ("WMK", E, "WebMoney WMK", ""),
    ("WMU", E, "WebMoney WMU", ""),
    ("WMG", E, "WebMoney WMG", ""),
    ("PPUSD", E, "PayPal USD", ""),
    ("PPEUR", E, "PayPal EUR", ""),
    ("PPGBP", E, "PayPal GBP", ""),
    ("PPRUB", E, "PayPal RUB", ""),
    ("SKLUSD", E, "Skrill USD", ""),
    ("SKLEUR", E, "Skrill EUR", ""),
    ("NTLRUSD", E, "Neteller USD", ""),
    ("NTLREUR", E, "Neteller EUR", ""),
    ("PSRUSD", E, "Paysera USD", ""),
    ("PSREUR", E, "Paysera EUR", ""),
    ("CPTSUSD", E, "Capitalist USD", ""),
    ("CPTSRUB", E, "Capitalist RUB", ""),
    ("PMRUSD", E, "Paymer USD", ""),
    ("PMRRUB", E, "Paymer RUB", ""),
    ("EPAYUSD", E, "Epay USD", ""),
    ("EPAYEUR", E, "Epay EUR", ""),
    ("PNRUSD", E, "Payoneer", ""),
    ("PAXUMUSD", E, "Paxum", ""),
    ("NIXUSD", E, "NixMoney USD", ""),
    ("NIXEUR", E, "NixMoney EUR", ""),
    ("ECPZUSD", E, "ecoPayz", ""),
    ("VLSPUSD", E, "VelesPay", ""),
    ("IDAMD", E, "Idram", ""),
    ("GMUAH", E, "Global24", ""),
    ("ALPCNY", E, "Alipay", ""),
    ("WCTCNY", E, "WeChat Pay", ""),
    ("MWRUB", E, "Mobile balance RUB", "Счёт телефона RUB"),
    ("MWUAH", E, "Mobile balance UAH", "Счёт телефона UAH"),
    ("TBRUB", B, "VTB", "ВТБ"),
    ("GPBRUB", B, "Gazprombank", "Газпромбанк"),
    ("RFBRUB", B, "Raiffeisenbank", "Райффайзенбанк"),
    ("OPNBRUB", B, "Otkritie", "Открытие"),
    ("PSBRUB", B, "Promsvyazbank", "Промсвязьбанк"),
    ("POSTBRUB", B, "Pochta Bank", "Почта Банк"),
    ("RSHBRUB", B, "Rosselkhozbank", "Россельхозбанк"),
    ("ROSBRUB", B, "Rosbank", "Росбанк"),
    ("MTSBRUB", B, "MTS Bank", "МТС Банк"),
    ("HCBRUB", B, "Home Credit", "Хоум Кредит"),
    ("RUSSTRUB", B, "Russian Standard", "Русский Стандарт"),
    ("AVBRUB", B, "Avangard", "Авангард"),
    ("RNKBRUB", B, "RNKB", "РНКБ"),
    ("KUKRUB", B, "Kukuruza", "Кукуруза"),
    ("OZONRUB", B, "Ozon Bank", "Озон Банк"),
    ("SCBRUB", B, "Sovcombank", "Совкомбанк"),
    ("SBERDRUB", B, "Sberbank code", "Сбербанк код"),
    ("TCSBCRUB", B, "T-Bank cash-in", "Т-Банк cash-in"),
    ("TCSBQRUB", B, "T-Bank QR", "Т-Банк QR"),
    ("ACCRUB", B, "Alfa cash-in RUB", "Альфа cash-in RUB"),
    ("ACCUSD", B, "Alfa cash-in USD", "Альфа cash-in USD"),
    ("STLMRUB", B, "Business account RUB", "Счёт ИП или ООО"),
    ("WIRERUB", B, "Any bank RUB", "Любой банк RUB"),
    ("WIREUSD", B, "Any bank USD", "Любой банк USD"),
    ("WIREEUR", B, "Any bank EUR", "Любой банк EUR"),
    ("WIREUAH", B, "Any bank UAH", "Любой банк UAH"),
    ("WIREKZT", B, "Any bank KZT", "Любой банк KZT"),
    ("WIREBYN", B, "Any bank BYN", "Любой банк BYN"),
    ("WIREGBP", B, "Any bank GBP", "Любой банк GBP"),
    ("WIRETRY", B, "Any bank TRY", "Любой банк TRY"),
    ("WIREGEL", B, "Any bank GEL", "Любой банк GEL"),
    ("WIRECNY", B, "Any bank CNY", "Любой банк CNY"),
    ("WIREPLN", B, "Any bank PLN", "Любой банк PLN"),
    ("WIRETHB", B, "Any bank THB", "Любой банк THB"),
    ("WIREINR", B, "Any bank INR", "Любой банк INR"),
    ("SEPAEUR", B, "SEPA EUR", ""),
    ("REVBUSD", B, "Revolut USD", ""),
    ("REVBEUR", B, "Revolut EUR", ""),
    ("ZELLEUSD", B, "Zelle", ""),
    ("MONOBUAH", B, "Monobank", "Монобанк"),
    ("P24UAH", B, "Privat24 UAH", "Приват24 UAH"),
    ("P24USD", B, "Privat24 USD", "Приват24 USD"),
    ("PRIVAT24UAH", B, "Privat24 UAH", "Приват24 UAH"),
    ("OSDBUAH", B, "Oschadbank", "Ощадбанк"),
    ("PMBBUAH", B, "PUMB", "ПУМБ"),
    ("RFBUAH", B, "Raiffeisen UAH", "Райффайзен UAH"),
    ("USBUAH", B, "UkrSibbank", "УкрСиббанк"),
    ("ABUAH", B, "A-Bank", "А-Банк"),
    ("SNBUAH", B, "Sense Bank", ""),
    ("OTPBUAH", B, "OTP Bank UAH", "ОТП Банк UAH"),
    ("IZIBUAH", B, "izibank", ""),
    ("SBERUAH", B, "Sberbank UAH", "Сбербанк UAH"),
    ("ACUAH", B, "Alfa-Bank UAH", "Альфа-Банк UAH"),
    ("KSPBKZT", B, "Kaspi Bank", ""),
    ("HLKBKZT", B, "Halyk Bank", ""),
    ("JSNBKZT", B, "Jusan Bank", ""),
    ("FRTBKZT", B, "ForteBank", ""),
    ("SBERKZT", B, "Sberbank KZT", "Сбербанк KZT"),
    ("KKBKZT", B, "Kazkommertsbank", "Казкоммерцбанк"),
    ("BLRBBYN", B, "Belarusbank", "Беларусбанк"),
    ("ERIPBYN", B, "ERIP", "ЕРИП Расчёт"),
    ("CARDUSD", K, "Visa/MasterCard USD", ""),
    ("CARDEUR", K, "Visa/MasterCard EUR", ""),
    ("CARDUAH", K, "Visa/MasterCard UAH", ""),
    ("CARDKZT", K, "Visa/MasterCard KZT", ""),
    ("CARDBYN", K, "Visa/MasterCard BYN", ""),
    ("CARDGBP", K, "Visa/MasterCard GBP", ""),
    ("CARDTRY", K, "Visa/MasterCard TRY", ""),
    ("CARDPLN", K, "Visa/MasterCard PLN", ""),
    ("CARDCNY", K, "Visa/MasterCard CNY", ""),
    ("CARDAMD", K, "Visa/MasterCard AMD", ""),
    ("CARDKGS", K, "Visa/MasterCard KGS", ""),
    ("CARDMDL", K, "Visa/MasterCard MDL", ""),
    ("CARDSEK", K, "Visa/MasterCard SEK", ""),
    ("CARDGEL", K, "Visa/MasterCard GEL", ""),
    ("CARDAZN", K, "Visa/MasterCard AZN", ""),
    ("CARDUZS", K, "Visa/MasterCard UZS", ""),
    ("CARDCAD", K, "Visa/MasterCard CAD", ""),
    ("CARDINR", K, "Visa/MasterCard INR", ""),
    ("CARDTHB", K, "Visa/MasterCard THB", ""),
    ("VISAMASTER", K, "Visa/MasterCard", ""),
    ("MIRCRUB", K, "Mir card", "Карта Мир"),
    ("UPCNY", K, "UnionPay card", "Карта UnionPay"),
    ("UZCUZS", K, "UZCARD", "Карта UZCARD"),
    ("HUMOUZS", K, "HUMO card", "Карта HUMO"),
    ("CASHEUR", C, "Cash EUR", "Наличные EUR"),
    ("CASHUAH", C, "Cash UAH", "Наличные UAH"),
    ("CASHKZT", C, "Cash KZT", "Наличные KZT"),
    ("CASHBYN", C, "Cash BYN", "Наличные BYN"),
    ("CASHGBP", C, "Cash GBP", "Наличные GBP"),
    ("CASHAED", C, "Cash AED", "Наличные AED"),
    ("CASHTRY", C, "Cash TRY", "Наличные TRY"),
    ("CASHCNY", C, "Cash CNY", "Наличные CNY"),
    ("CASHTHB", C, "Cash THB", "Наличные THB"),
    ("CASHGEL", C, "Cash GEL", "Наличные GEL"),
    ("CASHPLN", C, "Cash PLN", "Наличные PLN"),
    ("CASHUSDT", C, "Cash for USDT", "Наличные за USDT"),
    ("WUUSD", W, "Western Union USD", ""),
    ("WUEUR", W, "Western Union EUR", ""),
    ("WURUB", W, "Western Union RUB", ""),
    ("MGUSD", W, "MoneyGram USD", ""),
    ("MGEUR", W, "MoneyGram EUR", ""),
    ("CNTUSD", W, "Contact USD", ""),
    ("CNTRUB", W, "Contact RUB", ""),
    ("GCMTUSD", W, "Zolotaya Korona USD", "Золотая Корона USD"),
    ("GCMTRUB", W, "Zolotaya Korona RUB", "Золотая Корона RUB"),
    ("USTMUSD", W, "Unistream USD", "Юнистрим USD"),
    ("USTMRUB", W, "Unistream RUB", "Юнистрим RUB"),
    ("RMTFUSD", W, "Ria USD", ""),
    ("RMTFEUR", W, "Ria EUR", ""),
    ("EXMRUB", S, "Exmo RUB", ""),
    ("EXMUSD", S, "Exmo USD", ""),
    ("EXMUAH", S, "Exmo UAH", ""),
    ("EXMBTC", S, "Exmo BTC", ""),
    ("EXMUSDT", S, "Exmo USDT", ""),
    ("BNACRUB", S, "Binance RUB", ""),
    ("BNACUAH", S, "Binance UAH", ""),
    ("GRNTXRUB", S, "Garantex", ""),
    ("WHTBTUSD", S, "WhiteBIT", ""),
    ("KUNAUAH", S, "Kuna", ""),
    ("CRXUSD", S, "Cryptex", ""),
    ("TRDUSD", S, "Crypto exchanges USD", "Криптобиржи USD"),
    ("TRDEUR", S, "Crypto exchanges EUR", "Криптобиржи EUR"),
];

/// Drifted or alternative spellings -> catalogue code (names and icons only; links keep the
/// feed's own code).
static ALIASES: &[(&str, &str)] = &[
    ("USDTTRC", "USDTTRC20"),
    ("USDTTRX", "USDTTRC20"),
    ("TRC20USDT", "USDTTRC20"),
    ("USDTERC", "USDTERC20"),
    ("ERC20USDT", "USDTERC20"),
    ("USDTBEP", "USDTBEP20"),
    ("USDTBSC", "USDTBEP20"),
    ("USDT", "USDTOMNI"),
    ("USDCTRC", "USDCTRC20"),
    ("USDCERC", "USDCERC20"),
    ("USDCBEP", "USDCBEP20"),
    ("VTBRUB", "TBRUB"),
    ("VTB24RUB", "TBRUB"),
    ("PRIVATUAH", "P24UAH"),
    ("QIWIRUB", "QWRUB"),
    ("YANDEXRUB", "YAMRUB"),
    ("YMRUB", "YAMRUB"),
    ("TINKOFFRUB", "TCSBRUB"),
    ("TCSRUB", "TCSBRUB"),
    ("SBRUB", "SBERRUB"),
    ("ALFARUB", "ACRUB"),
    ("MIRRUB", "MIRCRUB"),
    ("BNBBEP2", "BNB"),
];

/// Token network suffixes, longest first within a family, with the label shown to visitors.
static NETWORKS: &[(&str, &str)] = &[
    ("TRC20", "TRC20"),
    ("ERC20", "ERC20"),
    ("BEP20", "BEP20"),
    ("BEP2", "BEP2"),
    ("OMNI", "Omni"),
    ("SOL", "Solana"),
    ("SPL", "Solana"),
    ("TON", "TON"),
    ("POLYGON", "Polygon"),
    ("ARBITRUM", "Arbitrum"),
    ("OPTIMISM", "Optimism"),
    ("AVAXC", "Avalanche C"),
    ("BASE", "Base"),
];

/// ISO 4217 codes that end fiat-style codes (`SBERRUB`, `CASHUSD`), used to guess categories.
static FIAT: &[&str] = &[
    "RUB", "USD", "EUR", "UAH", "KZT", "BYN", "GBP", "TRY", "CNY", "AED", "GEL", "AMD", "AZN", "UZS", "KGS",
    "TJS", "MDL", "PLN", "CZK", "SEK", "CHF", "CAD", "AUD", "JPY", "INR", "THB", "IDR", "VND", "NGN", "BRL",
    "ARS", "MXN", "ILS",
];

fn network_of(code: &str) -> Option<&'static str> {
    NETWORKS
        .iter()
        .find(|(suffix, _)| code.len() > suffix.len() + 1 && code.ends_with(suffix))
        .map(|&(_, label)| label)
}

fn find(code: &str) -> Option<usize> {
    CATALOGUE.iter().position(|(c, ..)| c.eq_ignore_ascii_case(code))
}

/// What the catalogue says about `code` (case-insensitive; aliases resolved). Unknown codes get
/// the code itself as name and a category guessed from the code's shape.
pub fn lookup(code: &str) -> CurrencyInfo {
    let trimmed = code.trim();
    let index = find(trimmed).or_else(|| {
        ALIASES
            .iter()
            .find(|(alias, _)| alias.eq_ignore_ascii_case(trimmed))
            .and_then(|(_, canonical)| find(canonical))
    });
    if let Some(i) = index {
        let (canonical, category, en, ru) = CATALOGUE[i];
        let network = if category == Category::Token { network_of(canonical) } else { None };
        return CurrencyInfo {
            code: code.to_string(),
            canonical: Cow::Borrowed(canonical),
            name_en: Cow::Borrowed(en),
            name_ru: Cow::Borrowed(if ru.is_empty() { en } else { ru }),
            category,
            network,
            known: true,
            rank: i as u16,
        };
    }
    let upper = trimmed.to_ascii_uppercase();
    let (category, network) = guess(&upper);
    CurrencyInfo {
        code: code.to_string(),
        name_en: Cow::Owned(trimmed.to_string()),
        name_ru: Cow::Owned(trimmed.to_string()),
        canonical: Cow::Owned(upper),
        category,
        network,
        known: false,
        rank: u16::MAX,
    }
}

/// Category (and token network) from the shape of an unknown, upper-cased code.
fn guess(code: &str) -> (Category, Option<&'static str>) {
    let fiat_tail = code.len() > 3 && FIAT.iter().any(|f| code.ends_with(f));
    if code.starts_with("CASH") {
        (Category::Cash, None)
    } else if code.starts_with("CARD") || code.starts_with("VISA") || code.starts_with("MASTER") {
        (Category::Card, None)
    } else if code.starts_with("WIRE") || (fiat_tail && code.ends_with("RUB")) {
        (Category::Bank, None)
    } else if let Some(net) = network_of(code).filter(|_| {
        // Only numbered standards are unambiguous suffixes for unknown codes (`XSOL` may be a coin).
        ["TRC20", "ERC20", "BEP20", "BEP2"].iter().any(|s| code.ends_with(s))
    }) {
        (Category::Token, Some(net))
    } else if fiat_tail {
        (Category::Bank, None)
    } else {
        (Category::Other, None)
    }
}

/// Lower-cases for search: ASCII and Cyrillic (incl. Ukrainian/Belarusian letters), `ё` -> `е`.
fn fold_char(c: char) -> char {
    let lower = match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        'А'..='Я' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
        'Ѐ'..='Џ' => char::from_u32(c as u32 + 0x50).unwrap_or(c),
        'Ґ' => 'ґ',
        _ => c,
    };
    // People type "е" for "ё"; treat them as one letter.
    if lower == 'ё' {
        'е'
    } else {
        lower
    }
}

fn fold(text: &str) -> String {
    text.trim().chars().map(fold_char).collect()
}

/// Where `needle` (folded) first occurs in `hay` (folded): 0 = at the start, 1 = at a word
/// start, 2 = inside a word.
fn position_rank(hay: &str, needle: &str) -> Option<u32> {
    let hay = fold(hay);
    let at = hay.find(needle)?;
    if at == 0 {
        return Some(0);
    }
    if hay.match_indices(needle).any(|(i, _)| hay[..i].ends_with(|c: char| !c.is_alphanumeric())) {
        return Some(1);
    }
    Some(2)
}

impl CurrencyInfo {
    /// Search rank of this currency for a picker query (smaller is better), `None` when it does
    /// not match. Matches the code, the canonical code, both names and the network,
    /// case-insensitively (Cyrillic too). Order: exact code 0, code prefix 1, name prefix 2,
    /// name word prefix 3, code substring 4, name substring 5. An empty query matches all (rank 6).
    pub fn match_rank(&self, query: &str) -> Option<u32> {
        let q = fold(query);
        if q.is_empty() {
            return Some(6);
        }
        let code_rank = [&self.code[..], &self.canonical[..]]
            .iter()
            .filter_map(|c| {
                let c = fold(c);
                if c == q {
                    Some(0)
                } else if c.starts_with(&q) {
                    Some(1)
                } else if c.contains(&q) {
                    Some(4)
                } else {
                    None
                }
            })
            .min();
        let name_rank = [&self.name_en[..], &self.name_ru[..], self.network.unwrap_or("")]
            .iter()
            .filter_map(|n| position_rank(n, &q))
            .map(|p| [2, 3, 5][p as usize])
            .min();
        match (code_rank, name_rank) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// True when the currency matches a picker query (see [`CurrencyInfo::match_rank`]).
pub fn matches(info: &CurrencyInfo, query: &str) -> bool {
    info.match_rank(query).is_some()
}

/// Search rank of `code` for `query` (smaller is better; see [`CurrencyInfo::match_rank`]).
pub fn match_rank(code: &str, query: &str) -> Option<u32> {
    lookup(code).match_rank(query)
}

/// Number of codes in the catalogue (aliases not counted).
pub fn catalogue_len() -> usize {
    CATALOGUE.len()
}

/// Every catalogue code, most common first.
pub fn catalogue_codes() -> impl Iterator<Item = &'static str> {
    CATALOGUE.iter().map(|(c, ..)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_codes_are_unique_upper_case_and_aliases_resolve() {
        for (i, (code, ..)) in CATALOGUE.iter().enumerate() {
            assert_eq!(*code, code.to_ascii_uppercase(), "{code} not upper-case");
            assert_eq!(find(code), Some(i), "{code} listed twice");
        }
        for (alias, canonical) in ALIASES {
            assert!(find(alias).is_none(), "alias {alias} shadows a catalogue code");
            assert!(find(canonical).is_some(), "alias {alias} points at unknown {canonical}");
        }
    }

    #[test]
    fn folds_cyrillic_and_yo() {
        assert_eq!(fold("СБЕРБАНК Ёлка ІЇЄҐ"), "сбербанк елка іїєґ");
    }
}
