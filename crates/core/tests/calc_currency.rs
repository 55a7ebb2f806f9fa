//! Currency catalogue: names, categories, networks, aliases and picker search.

use ratelink_core::currency::{
    catalogue_codes, catalogue_len, lookup, match_rank, matches, Category,
};
use ratelink_core::format::Lang;

#[test]
fn catalogue_holds_at_least_200_codes_in_every_category() {
    assert!(catalogue_len() >= 200, "only {}", catalogue_len());
    for cat in Category::ALL.iter().filter(|c| **c != Category::Other) {
        assert!(
            catalogue_codes().any(|c| lookup(c).category == *cat),
            "no code in {cat:?}"
        );
    }
}

#[test]
fn known_codes_have_english_and_russian_names_and_categories() {
    let btc = lookup("BTC");
    assert!(btc.known);
    assert_eq!(btc.name(Lang::En), "Bitcoin");
    assert_eq!(btc.name(Lang::Ru), "Биткоин");
    assert_eq!(btc.category, Category::Crypto);
    let sber = lookup("SBERRUB");
    assert_eq!(
        (sber.name(Lang::En), sber.name(Lang::Ru), sber.category),
        ("Sberbank", "Сбербанк", Category::Bank)
    );
    assert_eq!(lookup("PMUSD").category, Category::EMoney);
    assert_eq!(lookup("CARDUAH").category, Category::Card);
    assert_eq!(lookup("CASHUSD").name(Lang::Ru), "Наличные USD");
    assert_eq!(lookup("WUUSD").category, Category::Transfer);
    assert_eq!(lookup("GRNTXRUB").category, Category::Exchange);
    // Russian falls back to English when the name is the same in both.
    assert_eq!(lookup("PMUSD").name(Lang::Ru), "Perfect Money USD");
}

#[test]
fn lookup_is_case_insensitive_and_keeps_the_code_as_given() {
    let info = lookup("sberrub");
    assert!(info.known);
    assert_eq!(info.code, "sberrub");
    assert_eq!(info.canonical, "SBERRUB");
}

#[test]
fn tokens_show_their_network() {
    let t = lookup("USDTTRC20");
    assert_eq!(t.category, Category::Token);
    assert_eq!(t.network.as_deref(), Some("TRC20"));
    assert_eq!(t.title(Lang::En), "Tether (TRC20)");
    assert_eq!(lookup("USDTERC20").network.as_deref(), Some("ERC20"));
    assert_eq!(lookup("USDTBEP20").network.as_deref(), Some("BEP20"));
    assert_eq!(lookup("USDCERC20").network.as_deref(), Some("ERC20"));
    assert_eq!(lookup("USDTOMNI").network.as_deref(), Some("Omni"));
    assert_eq!(lookup("BTC").network.as_deref(), None);
    assert_eq!(lookup("BTC").title(Lang::En), "Bitcoin");
    // A coin whose ticker happens to end like a network is not a token.
    assert_eq!(lookup("TON").network.as_deref(), None);
}

#[test]
fn drifted_codes_resolve_to_the_current_names() {
    let old = lookup("USDTTRC");
    assert!(old.known);
    assert_eq!(old.code, "USDTTRC");
    assert_eq!(old.canonical, "USDTTRC20");
    assert_eq!(old.network.as_deref(), Some("TRC20"));
    assert_eq!(lookup("USDTERC").canonical, "USDTERC20");
    assert_eq!(lookup("USDT").canonical, "USDTOMNI");
    assert_eq!(lookup("USDT").network.as_deref(), Some("Omni"));
}

#[test]
fn unknown_codes_fall_back_to_the_code_with_a_guessed_category() {
    let u = lookup("FOOCOIN");
    assert!(!u.known);
    assert_eq!(u.name(Lang::En), "FOOCOIN");
    assert_eq!(u.name(Lang::Ru), "FOOCOIN");
    assert_eq!(u.category, Category::Other);
    assert_eq!(lookup("CASHJPY").category, Category::Cash);
    assert_eq!(lookup("CARDXYZ").category, Category::Card);
    assert_eq!(lookup("NEWBANKRUB").category, Category::Bank);
    assert_eq!(lookup("WIRECHF").category, Category::Bank);
    let tok = lookup("PEPEERC20");
    assert_eq!(
        (tok.category, tok.network.as_deref()),
        (Category::Token, Some("ERC20"))
    );
    assert_eq!(lookup("").category, Category::Other);
}

#[test]
fn categories_have_labels_and_a_stable_display_order() {
    assert_eq!(Category::Crypto.label(Lang::En), "Cryptocurrencies");
    assert_eq!(Category::Bank.label(Lang::Ru), "Банки");
    let orders: Vec<u8> = Category::ALL.iter().map(|c| c.order()).collect();
    assert_eq!(orders, (0..9).collect::<Vec<u8>>());
    assert!(lookup("BTC").sort_key() < lookup("USDTTRC20").sort_key());
    assert!(lookup("USDTTRC20").sort_key() < lookup("PMUSD").sort_key());
    assert!(
        lookup("SBERRUB").sort_key() < lookup("GPBRUB").sort_key(),
        "popular banks first"
    );
    assert!(lookup("GPBRUB").sort_key() < lookup("ZZZ").sort_key());
}

#[test]
fn search_matches_code_and_names_case_insensitively() {
    assert!(matches(&lookup("SBERRUB"), "sber"));
    assert!(matches(&lookup("SBERRUB"), "Сбер"));
    assert!(matches(&lookup("SBERRUB"), "СБЕРБАНК"));
    assert!(matches(&lookup("BTC"), "bitcoin"));
    assert!(matches(&lookup("BTC"), "биткоин"));
    assert!(matches(&lookup("USDTTRC20"), "trc20"));
    assert!(matches(&lookup("USDTTRC20"), "tether"));
    assert!(!matches(&lookup("BTC"), "eth"));
    assert!(matches(&lookup("BTC"), ""), "empty query lists everything");
}

#[test]
fn search_folds_yo_to_ye() {
    // "ЮMoney" has no ё, but a Russian name with ё must match е and the reverse.
    assert!(matches(&lookup("STLMRUB"), "счет"));
    assert!(matches(&lookup("STLMRUB"), "счёт"));
}

#[test]
fn prefix_matches_rank_before_substring_matches() {
    let exact = match_rank("ETH", "eth").unwrap();
    let code_prefix = match_rank("ETHBEP20", "eth").unwrap();
    let name_prefix = match_rank("ETC", "ether").unwrap();
    let word_prefix = match_rank("TCSBRUB", "tinkoff").unwrap();
    let code_sub = match_rank("TCSBRUB", "csb").unwrap();
    let name_sub = match_rank("TCSBRUB", "inkof").unwrap();
    assert!(exact < code_prefix, "{exact} {code_prefix}");
    assert!(code_prefix < name_prefix);
    assert!(name_prefix < word_prefix);
    assert!(word_prefix < code_sub);
    assert!(code_sub < name_sub);
    assert_eq!(match_rank("BTC", "zzz"), None);
}

#[test]
fn several_words_must_all_match() {
    assert!(matches(&lookup("USDTTRC20"), "tether trc20"));
    assert!(matches(&lookup("USDTTRC20"), "usdt  TRC"));
    assert!(!matches(&lookup("USDTERC20"), "tether trc20"));
    assert!(matches(&lookup("CASHUSD"), "наличные usd"));
    assert!(matches(&lookup("PMUSD"), "perfect money"));
    assert_eq!(
        match_rank("PMUSD", "perfect money"),
        Some(2),
        "the phrase is a name prefix"
    );
    // "usdt" prefixes the code (1), "trc20" is the network (name prefix, 2): the worst word counts.
    assert_eq!(match_rank("USDTTRC20", "usdt trc20"), Some(2));
}
