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

    /// Inverse of [`Category::as_str`].
    pub fn from_name(name: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == name)
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
    pub network: Option<Cow<'static, str>>,
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
        let mut title = self.name(lang).to_string();
        if let Some(net) = &self.network {
            title.push_str(" (");
            title.push_str(net);
            title.push(')');
        }
        title
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

const STABLECOINS: [&str; 9] = [
    "USDT", "USDC", "DAI", "BUSD", "TUSD", "USDP", "PYUSD", "FDUSD", "USDE",
];

/// The catalogue, most common first, one `CODE|kind|English name|Russian name` line per code
/// (Russian omitted when the same). Kinds: `x` crypto, `t` token, `e` e-money, `b` bank,
/// `k` card, `c` cash, `w` transfer, `s` exchange. Names follow BestChange's lists; tokens carry
/// no network in the name (it is derived from the code, see [`NETWORKS`]). One packed string
/// rather than an array of tuples: it keeps the wasm data small (no pointer table).
static CATALOGUE: &str = "\
BTC|x|Bitcoin|Биткоин\n\
USDTTRC20|t|Tether\n\
ETH|x|Ethereum|Эфириум\n\
SBERRUB|b|Sberbank|Сбербанк\n\
TCSBRUB|b|T-Bank (Tinkoff)|Т-Банк (Тинькофф)\n\
CARDRUB|k|Visa/MasterCard RUB\n\
USDTERC20|t|Tether\n\
USDTBEP20|t|Tether\n\
LTC|x|Litecoin|Лайткоин\n\
TRX|x|TRON|Трон\n\
XMR|x|Monero|Монеро\n\
SBPRUB|b|SBP (Faster Payments)|СБП\n\
ACRUB|b|Alfa-Bank|Альфа-Банк\n\
CASHUSD|c|Cash USD|Наличные USD\n\
CASHRUB|c|Cash RUB|Наличные RUB\n\
PMUSD|e|Perfect Money USD\n\
USDTTON|t|Tether\n\
TON|x|Toncoin|Тонкоин\n\
USDTSOL|t|Tether\n\
USDTOMNI|t|Tether\n\
USDCERC20|t|USD Coin\n\
USDCTRC20|t|USD Coin\n\
USDCBEP20|t|USD Coin\n\
USDCSOL|t|USD Coin\n\
USDC|x|USD Coin\n\
BCH|x|Bitcoin Cash|Биткоин Кэш\n\
DOGE|x|Dogecoin|Догикоин\n\
XRP|x|Ripple|Рипл\n\
SOL|x|Solana|Солана\n\
DASH|x|Dash|Дэш\n\
ZEC|x|Zcash|Зкэш\n\
ADA|x|Cardano|Кардано\n\
BNB|x|BNB\n\
BNBBEP20|t|BNB\n\
DOT|x|Polkadot|Полкадот\n\
ETC|x|Ethereum Classic|Эфириум Классик\n\
MATIC|x|Polygon (MATIC)\n\
POL|x|Polygon (POL)\n\
XLM|x|Stellar|Стеллар\n\
ATOM|x|Cosmos|Космос\n\
AVAX|x|Avalanche|Аваланч\n\
LINK|x|Chainlink\n\
UNI|x|Uniswap\n\
SHIB|x|Shiba Inu\n\
NOT|x|Notcoin|Ноткоин\n\
DAI|x|Dai\n\
TUSD|x|TrueUSD\n\
USDP|x|Pax Dollar\n\
BUSD|x|Binance USD\n\
BTCBEP20|t|Bitcoin|Биткоин\n\
ETHBEP20|t|Ethereum|Эфириум\n\
ETHARBITRUM|t|Ethereum|Эфириум\n\
BTCLN|x|Bitcoin Lightning|Биткоин Lightning\n\
WBTC|x|Wrapped Bitcoin\n\
WETH|x|Wrapped Ether\n\
BSV|x|Bitcoin SV\n\
BTG|x|Bitcoin Gold\n\
XTZ|x|Tezos\n\
ALGO|x|Algorand\n\
NEAR|x|NEAR Protocol\n\
TRUMP|x|Official Trump\n\
APT|x|Aptos\n\
ARB|x|Arbitrum\n\
OP|x|Optimism\n\
SUI|x|Sui\n\
KAS|x|Kaspa\n\
ICP|x|Internet Computer\n\
FIL|x|Filecoin\n\
HBAR|x|Hedera\n\
VET|x|VeChain\n\
EOS|x|EOS\n\
NEO|x|NEO\n\
XEM|x|NEM\n\
WAVES|x|Waves\n\
QTUM|x|Qtum\n\
ICX|x|ICON\n\
ONT|x|Ontology\n\
ZRX|x|0x\n\
BAT|x|Basic Attention Token\n\
OMG|x|OMG Network\n\
XVG|x|Verge\n\
KMD|x|Komodo\n\
RVN|x|Ravencoin\n\
DCR|x|Decred\n\
DGB|x|DigiByte\n\
ZEN|x|Horizen\n\
LSK|x|Lisk\n\
REP|x|Augur\n\
MIOTA|x|IOTA\n\
BTT|x|BitTorrent\n\
MKR|x|Maker\n\
AAVE|x|Aave\n\
YFI|x|yearn.finance\n\
CAKE|x|PancakeSwap\n\
FTM|x|Fantom\n\
KSM|x|Kusama\n\
PEPE|x|Pepe\n\
USDTPOLYGON|t|Tether\n\
USDTARBITRUM|t|Tether\n\
USDTAVAXC|t|Tether\n\
USDTOPTIMISM|t|Tether\n\
USDCPOLYGON|t|USD Coin\n\
USDCARBITRUM|t|USD Coin\n\
DAIERC20|t|Dai\n\
DAIBEP20|t|Dai\n\
SHIBERC20|t|Shiba Inu\n\
SHIBBEP20|t|Shiba Inu\n\
LINKERC20|t|Chainlink\n\
UNIERC20|t|Uniswap\n\
PMEUR|e|Perfect Money EUR\n\
PMBTC|e|Perfect Money BTC\n\
PMVUSD|e|Perfect Money e-Voucher USD\n\
ADVCUSD|e|AdvCash USD\n\
ADVCEUR|e|AdvCash EUR\n\
ADVCRUB|e|AdvCash RUB\n\
ADVCUAH|e|AdvCash UAH\n\
ADVCKZT|e|AdvCash KZT\n\
ADVCTRY|e|AdvCash TRY\n\
PRUSD|e|Payeer USD\n\
PREUR|e|Payeer EUR\n\
PRRUB|e|Payeer RUB\n\
YAMRUB|e|YooMoney|ЮMoney\n\
QWRUB|e|QIWI RUB\n\
QWKZT|e|QIWI KZT\n\
QWUSD|e|QIWI USD\n\
WMZ|e|WebMoney WMZ\n\
WMR|e|WebMoney WMR\n\
WME|e|WebMoney WME\n\
WMX|e|WebMoney WMX\n\
WMP|e|WebMoney WMP\n\
WMB|e|WebMoney WMB\n\
WMK|e|WebMoney WMK\n\
WMU|e|WebMoney WMU\n\
WMG|e|WebMoney WMG\n\
PPUSD|e|PayPal USD\n\
PPEUR|e|PayPal EUR\n\
PPGBP|e|PayPal GBP\n\
PPRUB|e|PayPal RUB\n\
SKLUSD|e|Skrill USD\n\
SKLEUR|e|Skrill EUR\n\
NTLRUSD|e|Neteller USD\n\
NTLREUR|e|Neteller EUR\n\
PSRUSD|e|Paysera USD\n\
PSREUR|e|Paysera EUR\n\
CPTSUSD|e|Capitalist USD\n\
CPTSRUB|e|Capitalist RUB\n\
PMRUSD|e|Paymer USD\n\
PMRRUB|e|Paymer RUB\n\
EPAYUSD|e|Epay USD\n\
EPAYEUR|e|Epay EUR\n\
PNRUSD|e|Payoneer\n\
PAXUMUSD|e|Paxum\n\
NIXUSD|e|NixMoney USD\n\
NIXEUR|e|NixMoney EUR\n\
ECPZUSD|e|ecoPayz\n\
VLSPUSD|e|VelesPay\n\
IDAMD|e|Idram\n\
GMUAH|e|Global24\n\
ALPCNY|e|Alipay\n\
WCTCNY|e|WeChat Pay\n\
MWRUB|e|Mobile balance RUB|Счёт телефона RUB\n\
MWUAH|e|Mobile balance UAH|Счёт телефона UAH\n\
TBRUB|b|VTB|ВТБ\n\
GPBRUB|b|Gazprombank|Газпромбанк\n\
RFBRUB|b|Raiffeisenbank|Райффайзенбанк\n\
OPNBRUB|b|Otkritie|Открытие\n\
PSBRUB|b|Promsvyazbank|Промсвязьбанк\n\
POSTBRUB|b|Pochta Bank|Почта Банк\n\
RSHBRUB|b|Rosselkhozbank|Россельхозбанк\n\
ROSBRUB|b|Rosbank|Росбанк\n\
MTSBRUB|b|MTS Bank|МТС Банк\n\
HCBRUB|b|Home Credit|Хоум Кредит\n\
RUSSTRUB|b|Russian Standard|Русский Стандарт\n\
AVBRUB|b|Avangard|Авангард\n\
RNKBRUB|b|RNKB|РНКБ\n\
KUKRUB|b|Kukuruza|Кукуруза\n\
OZONRUB|b|Ozon Bank|Озон Банк\n\
SCBRUB|b|Sovcombank|Совкомбанк\n\
SBERDRUB|b|Sberbank code|Сбербанк код\n\
TCSBCRUB|b|T-Bank cash-in|Т-Банк cash-in\n\
TCSBQRUB|b|T-Bank QR|Т-Банк QR\n\
ACCRUB|b|Alfa cash-in RUB|Альфа cash-in RUB\n\
ACCUSD|b|Alfa cash-in USD|Альфа cash-in USD\n\
STLMRUB|b|Business account RUB|Счёт ИП или ООО\n\
WIRERUB|b|Any bank RUB|Любой банк RUB\n\
WIREUSD|b|Any bank USD|Любой банк USD\n\
WIREEUR|b|Any bank EUR|Любой банк EUR\n\
WIREUAH|b|Any bank UAH|Любой банк UAH\n\
WIREKZT|b|Any bank KZT|Любой банк KZT\n\
WIREBYN|b|Any bank BYN|Любой банк BYN\n\
WIREGBP|b|Any bank GBP|Любой банк GBP\n\
WIRETRY|b|Any bank TRY|Любой банк TRY\n\
WIREGEL|b|Any bank GEL|Любой банк GEL\n\
WIRECNY|b|Any bank CNY|Любой банк CNY\n\
WIREPLN|b|Any bank PLN|Любой банк PLN\n\
WIRETHB|b|Any bank THB|Любой банк THB\n\
WIREINR|b|Any bank INR|Любой банк INR\n\
SEPAEUR|b|SEPA EUR\n\
REVBUSD|b|Revolut USD\n\
REVBEUR|b|Revolut EUR\n\
ZELLEUSD|b|Zelle\n\
MONOBUAH|b|Monobank|Монобанк\n\
P24UAH|b|Privat24 UAH|Приват24 UAH\n\
P24USD|b|Privat24 USD|Приват24 USD\n\
PRIVAT24UAH|b|Privat24 UAH|Приват24 UAH\n\
OSDBUAH|b|Oschadbank|Ощадбанк\n\
PMBBUAH|b|PUMB|ПУМБ\n\
RFBUAH|b|Raiffeisen UAH|Райффайзен UAH\n\
USBUAH|b|UkrSibbank|УкрСиббанк\n\
ABUAH|b|A-Bank|А-Банк\n\
SNBUAH|b|Sense Bank\n\
OTPBUAH|b|OTP Bank UAH|ОТП Банк UAH\n\
IZIBUAH|b|izibank\n\
SBERUAH|b|Sberbank UAH|Сбербанк UAH\n\
ACUAH|b|Alfa-Bank UAH|Альфа-Банк UAH\n\
KSPBKZT|b|Kaspi Bank\n\
HLKBKZT|b|Halyk Bank\n\
JSNBKZT|b|Jusan Bank\n\
FRTBKZT|b|ForteBank\n\
SBERKZT|b|Sberbank KZT|Сбербанк KZT\n\
KKBKZT|b|Kazkommertsbank|Казкоммерцбанк\n\
BLRBBYN|b|Belarusbank|Беларусбанк\n\
ERIPBYN|b|ERIP|ЕРИП Расчёт\n\
CARDUSD|k|Visa/MasterCard USD\n\
CARDEUR|k|Visa/MasterCard EUR\n\
CARDUAH|k|Visa/MasterCard UAH\n\
CARDKZT|k|Visa/MasterCard KZT\n\
CARDBYN|k|Visa/MasterCard BYN\n\
CARDGBP|k|Visa/MasterCard GBP\n\
CARDTRY|k|Visa/MasterCard TRY\n\
CARDPLN|k|Visa/MasterCard PLN\n\
CARDCNY|k|Visa/MasterCard CNY\n\
CARDAMD|k|Visa/MasterCard AMD\n\
CARDKGS|k|Visa/MasterCard KGS\n\
CARDMDL|k|Visa/MasterCard MDL\n\
CARDSEK|k|Visa/MasterCard SEK\n\
CARDGEL|k|Visa/MasterCard GEL\n\
CARDAZN|k|Visa/MasterCard AZN\n\
CARDUZS|k|Visa/MasterCard UZS\n\
CARDCAD|k|Visa/MasterCard CAD\n\
CARDINR|k|Visa/MasterCard INR\n\
CARDTHB|k|Visa/MasterCard THB\n\
VISAMASTER|k|Visa/MasterCard\n\
MIRCRUB|k|Mir card|Карта Мир\n\
UPCNY|k|UnionPay card|Карта UnionPay\n\
UZCUZS|k|UZCARD|Карта UZCARD\n\
HUMOUZS|k|HUMO card|Карта HUMO\n\
CASHEUR|c|Cash EUR|Наличные EUR\n\
CASHUAH|c|Cash UAH|Наличные UAH\n\
CASHKZT|c|Cash KZT|Наличные KZT\n\
CASHBYN|c|Cash BYN|Наличные BYN\n\
CASHGBP|c|Cash GBP|Наличные GBP\n\
CASHAED|c|Cash AED|Наличные AED\n\
CASHTRY|c|Cash TRY|Наличные TRY\n\
CASHCNY|c|Cash CNY|Наличные CNY\n\
CASHTHB|c|Cash THB|Наличные THB\n\
CASHGEL|c|Cash GEL|Наличные GEL\n\
CASHPLN|c|Cash PLN|Наличные PLN\n\
CASHUSDT|c|Cash for USDT|Наличные за USDT\n\
WUUSD|w|Western Union USD\n\
WUEUR|w|Western Union EUR\n\
WURUB|w|Western Union RUB\n\
MGUSD|w|MoneyGram USD\n\
MGEUR|w|MoneyGram EUR\n\
CNTUSD|w|Contact USD\n\
CNTRUB|w|Contact RUB\n\
GCMTUSD|w|Zolotaya Korona USD|Золотая Корона USD\n\
GCMTRUB|w|Zolotaya Korona RUB|Золотая Корона RUB\n\
USTMUSD|w|Unistream USD|Юнистрим USD\n\
USTMRUB|w|Unistream RUB|Юнистрим RUB\n\
RMTFUSD|w|Ria USD\n\
RMTFEUR|w|Ria EUR\n\
EXMRUB|s|Exmo RUB\n\
EXMUSD|s|Exmo USD\n\
EXMUAH|s|Exmo UAH\n\
EXMBTC|s|Exmo BTC\n\
EXMUSDT|s|Exmo USDT\n\
BNACRUB|s|Binance RUB\n\
BNACUAH|s|Binance UAH\n\
GRNTXRUB|s|Garantex\n\
WHTBTUSD|s|WhiteBIT\n\
KUNAUAH|s|Kuna\n\
CRXUSD|s|Cryptex\n\
TRDUSD|s|Crypto exchanges USD|Криптобиржи USD\n\
TRDEUR|s|Crypto exchanges EUR|Криптобиржи EUR";

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
    "RUB", "USD", "EUR", "UAH", "KZT", "BYN", "GBP", "TRY", "CNY", "AED", "GEL", "AMD", "AZN",
    "UZS", "KGS", "TJS", "MDL", "PLN", "CZK", "SEK", "CHF", "CAD", "AUD", "JPY", "INR", "THB",
    "IDR", "VND", "NGN", "BRL", "ARS", "MXN", "ILS",
];

fn network_of(code: &str) -> Option<&'static str> {
    NETWORKS
        .iter()
        .find(|(suffix, _)| code.len() > suffix.len() + 1 && code.ends_with(suffix))
        .map(|&(_, label)| label)
}

/// One catalogue line.
struct Entry {
    code: &'static str,
    category: Category,
    en: &'static str,
    ru: &'static str,
}

fn parse_entry(line: &'static str) -> Option<Entry> {
    let mut fields = line.split('|');
    let code = fields.next()?;
    let category = match fields.next()? {
        "x" => Category::Crypto,
        "t" => Category::Token,
        "e" => Category::EMoney,
        "b" => Category::Bank,
        "k" => Category::Card,
        "c" => Category::Cash,
        "w" => Category::Transfer,
        "s" => Category::Exchange,
        _ => Category::Other,
    };
    let en = fields.next()?;
    Some(Entry {
        code,
        category,
        en,
        ru: fields.next().unwrap_or(en),
    })
}

fn entries() -> impl Iterator<Item = Entry> {
    CATALOGUE.split('\n').filter_map(parse_entry)
}

fn find(code: &str) -> Option<(usize, Entry)> {
    // Compare the code field only; parse the one line that matches.
    let (i, line) = CATALOGUE.split('\n').enumerate().find(|(_, line)| {
        line.as_bytes().get(code.len()) == Some(&b'|')
            && line
                .get(..code.len())
                .is_some_and(|c| c.eq_ignore_ascii_case(code))
    })?;
    Some((i, parse_entry(line)?))
}

/// What the catalogue says about `code` (case-insensitive; aliases resolved). Unknown codes get
/// the code itself as name and a category guessed from the code's shape.
pub fn lookup(code: &str) -> CurrencyInfo {
    let trimmed = code.trim();
    let found = find(trimmed).or_else(|| {
        ALIASES
            .iter()
            .find(|(alias, _)| alias.eq_ignore_ascii_case(trimmed))
            .and_then(|(_, canonical)| find(canonical))
    });
    if let Some((i, e)) = found {
        let network = if e.category == Category::Token {
            network_of(e.code).map(Cow::Borrowed)
        } else {
            None
        };
        return CurrencyInfo {
            code: code.to_string(),
            canonical: Cow::Borrowed(e.code),
            name_en: Cow::Borrowed(e.en),
            name_ru: Cow::Borrowed(e.ru),
            category: e.category,
            network,
            known: true,
            rank: i as u16,
        };
    }
    unnamed(code)
}

/// What the shape of a code alone says (no catalogue): the code as its name and a guessed
/// category. The widget uses it for codes the feed's `names` do not list.
pub fn unnamed(code: &str) -> CurrencyInfo {
    let trimmed = code.trim();
    let upper = trimmed.to_ascii_uppercase();
    let (category, network) = guess(&upper);
    CurrencyInfo {
        code: code.to_string(),
        name_en: Cow::Owned(trimmed.to_string()),
        name_ru: Cow::Owned(trimmed.to_string()),
        canonical: Cow::Owned(upper),
        category,
        network: network.map(Cow::Borrowed),
        known: false,
        rank: u16::MAX,
    }
}

/// Catalogue codes and aliases with 2 decimals where the shape of the code alone says 8
/// (stablecoins on some networks, WebMoney purses, BTC-denominated e-money). With it
/// [`decimals_of`] needs no catalogue, so the widget's wasm carries none (about 5 KiB brotli);
/// a test keeps it in step with the catalogue.
static TWO_DECIMALS: &[&str] = &[
    "USDTTON",
    "USDTSOL",
    "USDTOMNI",
    "USDCSOL",
    "USDC",
    "DAI",
    "USDP",
    "USDTPOLYGON",
    "USDTARBITRUM",
    "USDTAVAXC",
    "USDTOPTIMISM",
    "USDCPOLYGON",
    "USDCARBITRUM",
    "PMBTC",
    "WMZ",
    "WMR",
    "WME",
    "WMX",
    "WMP",
    "WMB",
    "WMK",
    "WMU",
    "WMG",
    "EXMBTC",
    "EXMUSDT",
    "USDTTRC",
    "USDTTRX",
    "TRC20USDT",
    "USDTERC",
    "ERC20USDT",
    "USDTBEP",
    "USDTBSC",
    "USDT",
    "USDCTRC",
    "USDCERC",
    "USDCBEP",
];

/// Fractional digits shown for amounts of `code`, as [`lookup`]`(code).decimals()` gives them,
/// without the catalogue: the shape of the code ([`unnamed`]) corrected by a short list.
pub fn decimals_of(code: &str) -> u32 {
    let code = code.trim();
    if TWO_DECIMALS.iter().any(|c| c.eq_ignore_ascii_case(code)) {
        2
    } else {
        unnamed(code).decimals()
    }
}

/// The catalogue's names of `codes` (repeats ignored), as a feed carries them (`names` in the
/// normalized JSON): known codes only, most common first, each ranked by its position, its
/// canonical code the code upper-cased (what a reader of the JSON rebuilds).
pub fn names_of<'a>(codes: impl IntoIterator<Item = &'a str>) -> Vec<CurrencyInfo> {
    let distinct: std::collections::BTreeSet<&str> = codes.into_iter().collect();
    let mut named: Vec<CurrencyInfo> = distinct
        .into_iter()
        .map(lookup)
        .filter(|info| info.known)
        .collect();
    named.sort_by(|a, b| (a.rank, &a.code).cmp(&(b.rank, &b.code)));
    for (i, n) in named.iter_mut().enumerate() {
        n.rank = u16::try_from(i).unwrap_or(u16::MAX);
        n.canonical = Cow::Owned(n.code.trim().to_ascii_uppercase());
    }
    named
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
        ["TRC20", "ERC20", "BEP20", "BEP2"]
            .iter()
            .any(|s| code.ends_with(s))
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

pub(crate) fn fold(text: &str) -> String {
    text.trim().chars().map(fold_char).collect()
}

/// A letter or digit of the scripts currency names are written in (Latin with its extensions,
/// Cyrillic): what `char::is_alphanumeric` says for every character below U+0500, without its
/// Unicode tables (~2 KB of the widget's wasm). Other scripts count as word breaks.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c,
            '\u{aa}' | '\u{b2}'..='\u{b3}' | '\u{b5}' | '\u{b9}'..='\u{ba}' | '\u{bc}'..='\u{be}'
            | '\u{c0}'..='\u{d6}' | '\u{d8}'..='\u{f6}' | '\u{f8}'..='\u{2c1}' | '\u{2c6}'..='\u{2d1}'
            | '\u{2e0}'..='\u{2e4}' | '\u{2ec}' | '\u{2ee}' | '\u{345}' | '\u{363}'..='\u{374}'
            | '\u{376}'..='\u{377}' | '\u{37a}'..='\u{37d}' | '\u{37f}' | '\u{386}'
            | '\u{388}'..='\u{38a}' | '\u{38c}' | '\u{38e}'..='\u{3a1}' | '\u{3a3}'..='\u{3f5}'
            | '\u{3f7}'..='\u{481}' | '\u{48a}'..='\u{4ff}')
}

/// Where `needle` (folded) first occurs in `hay` (folded): 0 = at the start, 1 = at a word
/// start, 2 = inside a word.
fn position_rank(hay: &str, needle: &str) -> Option<u32> {
    let hay = fold(hay);
    let mut at = find_from(&hay, needle, 0)?;
    if at == 0 {
        return Some(0);
    }
    // Every non-overlapping occurrence, as `str::match_indices` walks them.
    loop {
        if hay[..at]
            .chars()
            .next_back()
            .is_some_and(|c| !is_word_char(c))
        {
            return Some(1);
        }
        match find_from(&hay, needle, at + needle.len().max(1)) {
            Some(next) => at = next,
            None => return Some(2),
        }
    }
}

/// Byte offset of the first `needle` in `hay` at or after `from`: a plain byte comparison at
/// each offset, for the picker's short names and queries. (`str::find` with a string pattern
/// links core's Two-Way searcher, ~2.4 KB of the widget's wasm.) A match of valid UTF-8 in
/// valid UTF-8 always starts on a character boundary.
fn find_from(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    (from..=h.len().checked_sub(n.len())?).find(|&i| h[i..].starts_with(n))
}

impl CurrencyInfo {
    /// Search rank of this currency for a picker query (smaller is better), `None` when it does
    /// not match. Matches the code, the canonical code, both names and the network,
    /// case-insensitively (Cyrillic too, `ё` = `е`). Order: exact code 0, code prefix 1, name
    /// prefix 2, name word prefix 3, code substring 4, name substring 5. A query of several
    /// words (`tether trc20`, `cash usd`) matches when every word does, ranked by its worst word
    /// (unless the whole phrase matches better). An empty query matches all (rank 6).
    pub fn match_rank(&self, query: &str) -> Option<u32> {
        let q = fold(query);
        if q.is_empty() {
            return Some(6);
        }
        let phrase = self.rank_one(&q);
        if !q.contains(char::is_whitespace) {
            return phrase;
        }
        let words = q
            .split_whitespace()
            .map(|w| self.rank_one(w))
            .try_fold(0, |worst, r| r.map(|r| r.max(worst)));
        match (phrase, words) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Rank for one folded, non-empty needle.
    fn rank_one(&self, q: &str) -> Option<u32> {
        let code_rank = [&self.code[..], &self.canonical[..]]
            .iter()
            .filter_map(|c| {
                let c = fold(c);
                if c == q {
                    Some(0)
                } else if c.starts_with(q) {
                    Some(1)
                } else if find_from(&c, q, 0).is_some() {
                    Some(4)
                } else {
                    None
                }
            })
            .min();
        let name_rank = [
            &self.name_en[..],
            &self.name_ru[..],
            self.network.as_deref().unwrap_or(""),
        ]
        .iter()
        .filter_map(|n| position_rank(n, q))
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
    entries().count()
}

/// Every catalogue code, most common first.
pub fn catalogue_codes() -> impl Iterator<Item = &'static str> {
    entries().map(|e| e.code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_codes_are_unique_upper_case_and_aliases_resolve() {
        for (i, e) in entries().enumerate() {
            assert_eq!(
                e.code,
                e.code.to_ascii_uppercase(),
                "{} not upper-case",
                e.code
            );
            assert_eq!(
                find(e.code).map(|(at, _)| at),
                Some(i),
                "{} listed twice",
                e.code
            );
            assert_ne!(
                e.category,
                Category::Other,
                "{} has an unknown kind",
                e.code
            );
            assert!(
                !e.en.is_empty() && !e.ru.is_empty(),
                "{} has an empty name",
                e.code
            );
        }
        assert_eq!(
            entries().count(),
            CATALOGUE.lines().count(),
            "every line is an entry"
        );
        for (alias, canonical) in ALIASES {
            assert!(
                find(alias).is_none(),
                "alias {alias} shadows a catalogue code"
            );
            assert!(
                find(canonical).is_some(),
                "alias {alias} points at unknown {canonical}"
            );
        }
    }

    #[test]
    fn decimals_without_the_catalogue_match_it() {
        let codes = entries()
            .map(|e| e.code)
            .chain(ALIASES.iter().map(|(alias, _)| *alias))
            .chain([
                "FOOCOIN",
                "CASHJPY",
                "PEPEERC20",
                "NEWBANKRUB",
                "USDTXYZ",
                "",
            ]);
        for code in codes {
            for spelled in [code.to_string(), code.to_ascii_lowercase()] {
                assert_eq!(
                    decimals_of(&spelled),
                    lookup(&spelled).decimals(),
                    "{spelled}"
                );
            }
        }
    }

    #[test]
    fn find_from_matches_str_find() {
        let hays = [
            "",
            "a",
            "aaa",
            "tether trc20",
            "сбербанк елка",
            "usdt usdt",
            "ёжик",
        ];
        let needles = [
            "",
            "a",
            "aa",
            "t",
            "trc",
            "елк",
            "usdt",
            "x",
            "жик",
            "tether trc20!",
        ];
        for hay in hays {
            for needle in needles {
                for from in 0..=hay.len() {
                    if !hay.is_char_boundary(from) {
                        continue;
                    }
                    let want = hay[from..].find(needle).map(|i| i + from);
                    assert_eq!(
                        find_from(hay, needle, from),
                        want,
                        "{hay:?} {needle:?} {from}"
                    );
                }
            }
        }
    }

    #[test]
    fn word_starts_rank_as_match_indices_would() {
        // 0 = at the start, 1 = at a word start (a later occurrence counts), 2 = inside a word.
        assert_eq!(position_rank("Tether TRC20", "tether"), Some(0));
        assert_eq!(position_rank("Tether TRC20", "trc"), Some(1));
        assert_eq!(position_rank("Bitcoin Cash", "cash"), Some(1));
        assert_eq!(position_rank("Bitcoin", "coin"), Some(2));
        assert_eq!(position_rank("coincoin coin", "coin"), Some(0));
        assert_eq!(position_rank("xcoin-coin", "coin"), Some(1));
        assert_eq!(position_rank("Сбербанк Онлайн", "онл"), Some(1));
        assert_eq!(position_rank("Bitcoin", "eth"), None);
    }

    #[test]
    fn word_chars_agree_with_unicode_below_u0500() {
        for c in (0..0x500u32).filter_map(char::from_u32) {
            assert_eq!(
                is_word_char(c),
                c.is_alphanumeric(),
                "{c:?} U+{:04X}",
                c as u32
            );
        }
        // Every catalogue name is written below U+0500, so word starts rank as before.
        for code in catalogue_codes() {
            let info = lookup(code);
            for name in [&info.name_en, &info.name_ru] {
                assert!(name.chars().all(|c| (c as u32) < 0x500), "{code}: {name}");
            }
        }
    }

    #[test]
    fn folds_cyrillic_and_yo() {
        assert_eq!(fold("СБЕРБАНК Ёлка ІЇЄҐ"), "сбербанк елка іїєґ");
    }
}
