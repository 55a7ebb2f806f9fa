//! Formatting amounts and rates, and reading typed amounts.

mod common;

use common::*;
use ratelink_core::format::{
    format_amount, format_rate, parse_amount_input, precision_for, rate_line, AmountInputError,
    Lang,
};
use ratelink_core::{Decimal, Direction};

#[test]
fn lang_from_tag_reads_region_and_case_and_falls_back_to_english() {
    assert_eq!(Lang::from_tag("ru-RU"), Lang::Ru);
    assert_eq!(Lang::from_tag("RU"), Lang::Ru);
    assert_eq!(Lang::from_tag("ru_UA"), Lang::Ru);
    assert_eq!(Lang::from_tag("en-GB"), Lang::En);
    assert_eq!(Lang::from_tag("de"), Lang::En);
    assert_eq!(Lang::from_tag(""), Lang::En);
    assert_eq!(Lang::parse("de-DE"), None);
    assert_eq!(Lang::parse(" ru "), Some(Lang::Ru));
}

#[test]
fn precision_is_8_for_crypto_2_for_stablecoins_and_fiat() {
    assert_eq!(precision_for("BTC"), 8);
    assert_eq!(precision_for("eth"), 8);
    assert_eq!(precision_for("USDTTRC20"), 2);
    assert_eq!(precision_for("USDTTRC"), 2);
    assert_eq!(precision_for("DAI"), 2);
    assert_eq!(precision_for("SBERRUB"), 2);
    assert_eq!(precision_for("PMUSD"), 2);
    assert_eq!(precision_for("CASHEUR"), 2);
    assert_eq!(precision_for("CARDKZT"), 2);
    assert_eq!(precision_for("WUUSD"), 2);
    // Unknown shapes: fiat-looking codes get 2, anything else the safe 8.
    assert_eq!(precision_for("NEWBANKRUB"), 2);
    assert_eq!(precision_for("ZZZCOIN"), 8);
}

#[test]
fn english_amounts_group_with_commas_and_keep_fiat_cents() {
    assert_eq!(format_amount(&d("5749836.5"), 2, Lang::En), "5,749,836.50");
    assert_eq!(format_amount(&d("1000"), 2, Lang::En), "1,000.00");
    assert_eq!(format_amount(&d("999"), 2, Lang::En), "999.00");
    assert_eq!(format_amount(&d("0"), 2, Lang::En), "0.00");
    assert_eq!(
        format_amount(&d("123456789012"), 0, Lang::En),
        "123,456,789,012"
    );
}

#[test]
fn russian_amounts_group_with_no_break_spaces_and_decimal_comma() {
    assert_eq!(
        format_amount(&d("5749836.5"), 2, Lang::Ru),
        "5\u{a0}749\u{a0}836,50"
    );
    assert_eq!(format_amount(&d("0.001739"), 8, Lang::Ru), "0,001739");
}

#[test]
fn amounts_are_cut_never_rounded_up() {
    assert_eq!(format_amount(&d("1.999"), 2, Lang::En), "1.99");
    assert_eq!(format_amount(&d("0.123456789"), 8, Lang::En), "0.12345678");
    assert_eq!(format_amount(&d("-1.999"), 2, Lang::En), "-1.99");
    assert_eq!(format_amount(&d("-0.001"), 2, Lang::En), "0.00");
}

#[test]
fn crypto_amounts_drop_trailing_zeros() {
    assert_eq!(format_amount(&d("1"), 8, Lang::En), "1");
    assert_eq!(format_amount(&d("1.00000000"), 8, Lang::En), "1");
    assert_eq!(format_amount(&d("0.50"), 8, Lang::En), "0.5");
    assert_eq!(format_amount(&d("0.028000000000"), 8, Lang::En), "0.028");
    assert_eq!(format_amount(&d("12345.1"), 8, Lang::En), "12,345.1");
}

#[test]
fn amounts_never_print_float_noise() {
    let sum = d("0.1").checked_add(&d("0.2")).unwrap();
    assert_eq!(format_amount(&sum, 8, Lang::En), "0.3");
}

#[test]
fn rate_reads_one_from_when_from_is_worth_more() {
    let dir = Direction::new("BTC", "SBERRUB", d("1"), d("5749836.5"));
    assert_eq!(format_rate(&dir, Lang::En), "1 BTC = 5,749,836.50 SBERRUB");
    assert_eq!(
        format_rate(&dir, Lang::Ru),
        "1 BTC = 5\u{a0}749\u{a0}836,50 SBERRUB"
    );
}

#[test]
fn rate_is_inverted_when_one_from_buys_less_than_one_to() {
    // Feeds write SBERRUB -> BTC as in = 5749836.5, out = 1 (or in = 1, out = 0.00000017...).
    let dir = Direction::new("SBERRUB", "BTC", d("5749836.5"), d("1"));
    assert_eq!(format_rate(&dir, Lang::En), "5,749,836.50 SBERRUB = 1 BTC");
    let line = rate_line(&dir).unwrap();
    assert!(line.inverted);
    let dir = Direction::new("SBERRUB", "BTC", d("1"), d("0.000000173918"));
    let text = format_rate(&dir, Lang::En);
    assert!(text.ends_with(" SBERRUB = 1 BTC"), "{text}");
}

#[test]
fn inverted_rate_rounds_the_give_side_up() {
    // 1 / 3 per unit: 3 PMUSD-ish for 1 BTC-ish: the give side must not be understated.
    let dir = Direction::new("CARDRUB", "ETH", d("3"), d("0.0000009"));
    let line = rate_line(&dir).unwrap();
    // 3 / 0.0000009 = 3333333.333... -> shown Up at 2 decimals.
    assert_eq!(line.give, d("3333333.34"));
    assert_eq!(format_rate(&dir, Lang::En), "3,333,333.34 CARDRUB = 1 ETH");
}

#[test]
fn rate_near_one_shows_six_significant_digits() {
    let dir = Direction::new("USDTTRC20", "PMUSD", d("1"), d("0.985"));
    // 1 / 0.985 = 1.0152284..., shown Up (give side) with 6 significant digits.
    assert_eq!(format_rate(&dir, Lang::En), "1.01523 USDTTRC20 = 1 PMUSD");
    let dir = Direction::new("PMUSD", "SBERRUB", d("1"), d("95.5"));
    assert_eq!(format_rate(&dir, Lang::En), "1 PMUSD = 95.50 SBERRUB");
    let dir = Direction::new("BTC", "ETH", d("1"), d("25.123456789"));
    assert_eq!(format_rate(&dir, Lang::En), "1 BTC = 25.12345678 ETH");
    let dir = Direction::new("PMUSD", "PREUR", d("1"), d("1"));
    assert_eq!(format_rate(&dir, Lang::En), "1 PMUSD = 1.00 PREUR");
}

#[test]
fn rate_without_usable_numbers_is_a_dash() {
    let dir = Direction::new("BTC", "ETH", d("0"), d("1"));
    assert_eq!(format_rate(&dir, Lang::En), "—");
    assert!(rate_line(&dir).is_none());
}

#[test]
fn typed_amounts_accept_dot_or_comma_as_decimal_point() {
    assert_eq!(parse_amount_input("0.5", Lang::En), Ok(d("0.5")));
    assert_eq!(parse_amount_input("0,5", Lang::En), Ok(d("0.5")));
    assert_eq!(parse_amount_input("0,5", Lang::Ru), Ok(d("0.5")));
    assert_eq!(parse_amount_input("12,75", Lang::Ru), Ok(d("12.75")));
    assert_eq!(parse_amount_input(" 1. ", Lang::En), Ok(d("1")));
    assert_eq!(parse_amount_input(".25", Lang::En), Ok(d("0.25")));
    assert_eq!(parse_amount_input("+3", Lang::En), Ok(d("3")));
}

#[test]
fn typed_amounts_accept_group_separators() {
    assert_eq!(
        parse_amount_input("5 749 836,50", Lang::Ru),
        Ok(d("5749836.50"))
    );
    assert_eq!(
        parse_amount_input("5\u{a0}749\u{a0}836,50", Lang::Ru),
        Ok(d("5749836.50"))
    );
    assert_eq!(
        parse_amount_input("5\u{202f}749\u{202f}836.5", Lang::En),
        Ok(d("5749836.5"))
    );
    assert_eq!(
        parse_amount_input("5,749,836.50", Lang::En),
        Ok(d("5749836.50"))
    );
    assert_eq!(
        parse_amount_input("5.749.836,50", Lang::Ru),
        Ok(d("5749836.50"))
    );
    assert_eq!(parse_amount_input("1,000,000", Lang::Ru), Ok(d("1000000")));
    assert_eq!(parse_amount_input("1'000", Lang::En), Ok(d("1000")));
}

#[test]
fn single_comma_with_three_digits_is_thousands_only_in_english() {
    assert_eq!(parse_amount_input("1,000", Lang::En), Ok(d("1000")));
    assert_eq!(parse_amount_input("1,000", Lang::Ru), Ok(d("1")));
    assert_eq!(parse_amount_input("0,500", Lang::En), Ok(d("0.5")));
    assert_eq!(parse_amount_input("1,5", Lang::En), Ok(d("1.5")));
    assert_eq!(parse_amount_input("1.000", Lang::En), Ok(d("1")));
}

#[test]
fn typed_garbage_is_refused_with_a_reason() {
    assert_eq!(
        parse_amount_input("", Lang::En),
        Err(AmountInputError::Empty)
    );
    assert_eq!(
        parse_amount_input("   ", Lang::En),
        Err(AmountInputError::Empty)
    );
    assert_eq!(
        parse_amount_input(".", Lang::En),
        Err(AmountInputError::NoDigits)
    );
    assert_eq!(
        parse_amount_input("-5", Lang::En),
        Err(AmountInputError::Negative)
    );
    assert_eq!(
        parse_amount_input("12abc", Lang::En),
        Err(AmountInputError::InvalidCharacter('a'))
    );
    assert_eq!(
        parse_amount_input("1e5", Lang::En),
        Err(AmountInputError::InvalidCharacter('e'))
    );
    assert_eq!(
        parse_amount_input("1.2.3", Lang::En),
        Err(AmountInputError::MisplacedSeparator)
    );
    assert_eq!(
        parse_amount_input("1,2.3,4", Lang::En),
        Err(AmountInputError::MisplacedSeparator)
    );
    assert_eq!(
        parse_amount_input("1..2", Lang::En),
        Err(AmountInputError::MisplacedSeparator)
    );
    assert_eq!(
        parse_amount_input("99999999999999999999999999999999999999999", Lang::En),
        Err(AmountInputError::TooLarge)
    );
    let msg = AmountInputError::InvalidCharacter('a').message(Lang::En);
    assert!(msg.contains("“a”"), "{msg}");
    assert!(AmountInputError::Negative
        .message(Lang::Ru)
        .contains("отрицательной"));
}

#[test]
fn money_is_shown_with_the_currency_precision_and_code() {
    use ratelink_core::format::format_money;
    use ratelink_core::Rounding;
    assert_eq!(
        format_money(&d("0.0017391"), "BTC", Rounding::Down, Lang::En),
        "0.0017391 BTC"
    );
    assert_eq!(
        format_money(&d("5000"), "SBERRUB", Rounding::Down, Lang::Ru),
        "5\u{a0}000,00 SBERRUB"
    );
    assert_eq!(
        format_money(&d("1.001"), "PMUSD", Rounding::Up, Lang::En),
        "1.01 PMUSD"
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn what_is_shown_can_be_typed_back(
            m in 0i128..1_000_000_000_000_000,
            s in 0u32..=10,
            decimals in prop::sample::select(vec![0u32, 2, 8]),
            ru in any::<bool>(),
        ) {
            let lang = if ru { Lang::Ru } else { Lang::En };
            let value = Decimal::new(m, s).unwrap();
            let shown = format_amount(&value, decimals, lang);
            let typed = parse_amount_input(&shown, lang);
            prop_assert_eq!(typed, Ok(value.round_dp(decimals, ratelink_core::Rounding::Down)), "{}", shown);
        }

        #[test]
        fn typed_input_never_panics(text in "\\PC{0,24}", ru in any::<bool>()) {
            let _ = parse_amount_input(&text, if ru { Lang::Ru } else { Lang::En });
        }

        #[test]
        fn amounts_never_panic(m in any::<i128>(), s in 0u32..=30, decimals in 0u32..=40) {
            let value = Decimal::new(m, s).unwrap();
            let _ = format_amount(&value, decimals, Lang::Ru);
        }
    }
}
