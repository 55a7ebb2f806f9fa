//! Component tests in headless Chromium: the widget mounted in a shadow root over an in-memory feed.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use ratelink::core_api::{Decimal, Direction, Feed, FeedStatus};
use ratelink::{mount_with_feed, WidgetHandle};
use ratelink_core::FeedFormat;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{
    AddEventListenerOptions, Blob, BlobPropertyBag, CustomEvent, Element, HtmlElement,
    HtmlInputElement, KeyboardEvent, KeyboardEventInit, ShadowRoot, ShadowRootInit, ShadowRootMode,
};

wasm_bindgen_test_configure!(run_in_browser);

fn d(s: &str) -> Decimal {
    Decimal::parse(s).unwrap()
}

fn sample_feed() -> Feed {
    let mut btc_sber = Direction::new("BTC", "SBERRUB", d("1"), d("5749836.5"));
    btc_sber.min = Some(d("0.001"));
    btc_sber.max = Some(d("13.89"));
    btc_sber.reserve = Some(d("627316716.73"));
    btc_sber.flags = vec!["manual".into()];
    // As the relay serves it: with the catalogue's names of its currencies.
    let mut feed = Feed {
        format: FeedFormat::Normalized,
        status: FeedStatus::Ok,
        directions: vec![
            btc_sber,
            Direction::new("BTC", "ETH", d("1"), d("30")),
            Direction::new("ETH", "SBERRUB", d("1"), d("190000")),
            Direction::new("ETH", "BTC", d("31"), d("1")),
            Direction::new("SBERRUB", "BTC", d("5900000"), d("1")),
            Direction::new("PMUSD", "BTC", d("60000"), d("1")),
        ],
        skipped: vec![],
        warnings: vec![],
        names: vec![],
    };
    feed.name_currencies();
    feed
}

/// A mounted widget, as the loader sets it up: host element, open shadow root, `rl-root` div.
struct Mounted {
    host: HtmlElement,
    shadow: ShadowRoot,
    handle: WidgetHandle,
    events: Rc<RefCell<Vec<(String, JsValue)>>>,
    _listeners: Vec<Closure<dyn FnMut(web_sys::Event)>>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.handle.destroy();
        self.host.remove();
    }
}

fn config(pairs: &[(&str, &str)]) -> JsValue {
    let obj = js_sys::Object::new();
    for (k, v) in pairs {
        js_sys::Reflect::set(&obj, &JsValue::from_str(k), &JsValue::from_str(v)).unwrap();
    }
    obj.into()
}

/// A `ratelink-widget` host in the page's body with an open shadow root holding an empty div
/// for the widget to mount into.
fn host_with_shadow_root() -> (HtmlElement, ShadowRoot, Element) {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: HtmlElement = document
        .create_element("ratelink-widget")
        .unwrap()
        .dyn_into()
        .unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let shadow = host
        .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
        .unwrap();
    let root = document.create_element("div").unwrap();
    shadow.append_child(&root).unwrap();
    (host, shadow, root)
}

async fn mount(pairs: &[(&str, &str)], feed: Feed) -> Mounted {
    let (host, shadow, root) = host_with_shadow_root();
    root.set_class_name("rl-root");

    let events = Rc::new(RefCell::new(Vec::new()));
    let mut listeners = Vec::new();
    for name in [
        "ratelink:ready",
        "ratelink:error",
        "ratelink:select",
        "ratelink:go",
    ] {
        let events = events.clone();
        let cb = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            let detail = e
                .dyn_ref::<CustomEvent>()
                .map(|c| c.detail())
                .unwrap_or(JsValue::UNDEFINED);
            events.borrow_mut().push((e.type_(), detail));
        });
        host.add_event_listener_with_callback(name, cb.as_ref().unchecked_ref())
            .unwrap();
        listeners.push(cb);
    }
    let mut all = vec![
        ("exchanger", "https://ex.example"),
        ("ref", "R1"),
        ("feed", "https://relay.example/f"),
    ];
    all.extend_from_slice(pairs);
    let handle = mount_with_feed(host.clone(), root, config(&all), feed);
    yew::scheduler::flush().await;
    Mounted {
        host,
        shadow,
        handle,
        events,
        _listeners: listeners,
    }
}

impl Mounted {
    fn q(&self, selector: &str) -> Element {
        self.shadow
            .query_selector(selector)
            .unwrap()
            .unwrap_or_else(|| panic!("no element {selector}"))
    }

    fn text(&self, selector: &str) -> String {
        self.q(selector).text_content().unwrap_or_default()
    }

    fn input(&self, selector: &str) -> HtmlInputElement {
        self.q(selector).dyn_into().unwrap()
    }

    fn all_text(&self, selector: &str) -> Vec<String> {
        let list = self.shadow.query_selector_all(selector).unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .map(|n| n.text_content().unwrap_or_default())
            .collect()
    }

    async fn key(&self, selector: &str, key: &str) {
        let init = KeyboardEventInit::new();
        init.set_key(key);
        init.set_bubbles(true);
        init.set_cancelable(true);
        let e = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        self.q(selector).dispatch_event(&e).unwrap();
        yew::scheduler::flush().await;
    }

    async fn type_text(&self, selector: &str, text: &str) {
        let input = self.input(selector);
        input.focus().unwrap();
        input.set_value(text);
        let init = web_sys::InputEventInit::new();
        init.set_bubbles(true);
        init.set_data(Some(text));
        let e = web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap();
        input.dispatch_event(&e).unwrap();
        yew::scheduler::flush().await;
    }

    async fn click(&self, selector: &str) {
        let el: HtmlElement = self.q(selector).dyn_into().unwrap();
        el.click();
        yew::scheduler::flush().await;
    }

    fn events_named(&self, name: &str) -> Vec<JsValue> {
        self.events
            .borrow()
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, d)| d.clone())
            .collect()
    }
}

fn field(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

#[wasm_bindgen_test]
async fn renders_the_default_pair_with_rate_limits_and_link() {
    let w = mount(&[], sample_feed()).await;
    assert_eq!(w.input("[part=give] input").value(), "BTC");
    assert_eq!(w.input("[part=get] input").value(), "SBERRUB");
    assert_eq!(w.text("[part=rate]"), "1 BTC = 5,749,836.50 SBERRUB");
    assert_eq!(w.text("[part=reserve]"), "Reserve: 627,316,716.73 SBERRUB");
    assert_eq!(w.text("[part=limits]"), "min 0.001 – max 13.89 BTC");
    assert_eq!(w.all_text("[part=flags] li"), vec!["Manual"]);
    let go = w.q("a[part=go]");
    assert_eq!(
        go.get_attribute("href").unwrap(),
        "https://ex.example/ref/R1/?cur_from=BTC&cur_to=SBERRUB"
    );
    assert_eq!(go.get_attribute("rel").unwrap(), "sponsored noopener");
    assert_eq!(go.get_attribute("target").unwrap(), "_blank");
    let root = w.q(".rl-root");
    assert_eq!(root.get_attribute("data-theme").as_deref(), Some("auto"));
    assert_eq!(root.get_attribute("data-layout").as_deref(), Some("full"));
    let status = w.q("[part=status]");
    assert_eq!(status.get_attribute("role").as_deref(), Some("status"));
    let ready = w.events_named("ratelink:ready");
    assert_eq!(ready.len(), 1);
    assert_eq!(field(&ready[0], "directions").as_f64(), Some(6.0));
    let select = w.events_named("ratelink:select");
    assert_eq!(
        field(&select[0], "from").as_string().as_deref(),
        Some("BTC")
    );
    assert_eq!(
        field(&select[0], "to").as_string().as_deref(),
        Some("SBERRUB")
    );
    assert!(
        w.shadow.query_selector("[style]").unwrap().is_none(),
        "no inline styles"
    );
}

#[wasm_bindgen_test]
async fn typing_an_amount_shows_the_result_and_the_reverse() {
    let w = mount(&[], sample_feed()).await;
    w.type_text("[part=amount-give]", "0.1").await;
    assert_eq!(w.input("[part=amount-get]").value(), "574,983.65");
    w.type_text("[part=amount-get]", "1149967.3").await;
    assert_eq!(w.input("[part=amount-give]").value(), "0.2");
    assert_eq!(
        w.input("[part=amount-give]")
            .get_attribute("inputmode")
            .as_deref(),
        Some("decimal")
    );
}

#[wasm_bindgen_test]
async fn out_of_limit_amounts_explain_themselves() {
    let w = mount(&[], sample_feed()).await;
    w.type_text("[part=amount-give]", "0.0001").await;
    assert_eq!(w.all_text(".rl-problem"), vec!["minimum 0.001 BTC"]);
    let give = w.input("[part=amount-give]");
    assert_eq!(give.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described = give.get_attribute("aria-describedby").unwrap();
    assert!(w.shadow.get_element_by_id(&described).is_some());
    w.type_text("[part=amount-give]", "1").await;
    assert!(w.all_text(".rl-problem").is_empty());
}

#[wasm_bindgen_test]
async fn a_limit_in_a_third_currency_is_shown_as_written_and_not_checked() {
    let mut asd_zxc = Direction::new("ASD", "ZXC", d("1"), d("3.5"));
    asd_zxc.min = Some(d("10"));
    asd_zxc.min_unit = Some("USD".into());
    let feed = Feed {
        directions: vec![asd_zxc],
        ..sample_feed()
    };
    let w = mount(&[], feed).await;
    assert_eq!(w.text("[part=limits]"), "min 10 USD");
    w.type_text("[part=amount-give]", "1").await;
    assert!(w.all_text(".rl-problem").is_empty());
    assert_eq!(w.input("[part=amount-get]").value(), "3.5");
}

#[wasm_bindgen_test]
async fn picker_filters_and_chooses_by_keyboard() {
    let w = mount(&[], sample_feed()).await;
    let combo = "[part=give] input[role=combobox]";
    assert_eq!(
        w.q(combo).get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    w.type_text(combo, "eth").await;
    assert_eq!(
        w.q(combo).get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    let options = w.all_text("[part=give] [role=option] .rl-option-code");
    assert_eq!(options, vec!["ETH"]);
    // aria-activedescendant points at an option inside the same shadow root.
    let active = w.q(combo).get_attribute("aria-activedescendant").unwrap();
    assert_eq!(
        w.shadow
            .get_element_by_id(&active)
            .unwrap()
            .get_attribute("role")
            .as_deref(),
        Some("option")
    );
    let controls = w.q(combo).get_attribute("aria-controls").unwrap();
    assert_eq!(
        w.shadow
            .get_element_by_id(&controls)
            .unwrap()
            .get_attribute("role")
            .as_deref(),
        Some("listbox")
    );
    w.key(combo, "Enter").await;
    assert_eq!(
        w.q(combo).get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert_eq!(w.input(combo).value(), "ETH");
    // The get side keeps SBERRUB (reachable from ETH) and the link follows.
    assert_eq!(w.input("[part=get] input").value(), "SBERRUB");
    assert_eq!(
        w.q("a[part=go]").get_attribute("href").unwrap(),
        "https://ex.example/ref/R1/?cur_from=ETH&cur_to=SBERRUB"
    );
    let select = w.events_named("ratelink:select");
    assert_eq!(
        field(select.last().unwrap(), "from").as_string().as_deref(),
        Some("ETH")
    );

    // Arrow keys, End and Escape on the get picker; it lists only currencies reachable from ETH.
    let get = "[part=get] input[role=combobox]";
    w.key(get, "ArrowDown").await;
    assert_eq!(
        w.q(get).get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    let mut codes = w.all_text("[part=get] [role=option] .rl-option-code");
    codes.sort();
    assert_eq!(codes, vec!["BTC", "SBERRUB"]);
    assert!(w.text("[part=get] .rl-note").starts_with("2 currencies"));
    w.key(get, "Home").await;
    let first = w.text("[part=get] .rl-option[data-active] .rl-option-code");
    w.key(get, "Escape").await;
    assert_eq!(
        w.q(get).get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert_eq!(w.input(get).value(), "SBERRUB", "Escape keeps the value");
    w.key(get, "ArrowDown").await;
    w.key(get, "Home").await;
    w.key(get, "Enter").await;
    assert_eq!(w.input(get).value(), first);
    // A pair set by the page while a list is open (the list's state is the picker's own)
    // closes it and shows the new value (both pairs can be swapped: the same markup around it).
    assert!(w.handle.set_pair("ETH".into(), "BTC".into()).is_ok());
    yew::scheduler::flush().await;
    assert!(w.shadow.query_selector("[part=swap]").unwrap().is_some());
    w.key(combo, "ArrowDown").await;
    assert_eq!(
        w.q(combo).get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    assert!(w.handle.set_pair("BTC".into(), "ETH".into()).is_ok());
    yew::scheduler::flush().await;
    yew::scheduler::flush().await;
    assert!(w.shadow.query_selector("[part=swap]").unwrap().is_some());
    assert_eq!(
        w.q(combo).get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert_eq!(w.input(combo).value(), "BTC");
}

#[wasm_bindgen_test]
async fn picker_options_can_be_chosen_with_the_mouse() {
    let w = mount(&[], sample_feed()).await;
    w.click("[part=give] input[role=combobox]").await;
    assert_eq!(
        w.q("[part=give] input")
            .get_attribute("aria-expanded")
            .as_deref(),
        Some("true")
    );
    let labels = w.all_text("[part=give] .rl-group-label");
    assert!(labels.len() >= 2, "grouped by category: {labels:?}");
    // Click the name inside the PMUSD option (the click lands on a child of the option).
    let option = w.q("[part=give] [role=option][data-code=PMUSD] .rl-option-name");
    option.dyn_into::<HtmlElement>().unwrap().click();
    yew::scheduler::flush().await;
    assert_eq!(w.input("[part=give] input").value(), "PMUSD");
    assert_eq!(w.input("[part=get] input").value(), "BTC");
    assert_eq!(
        w.q("[part=give] input")
            .get_attribute("aria-expanded")
            .as_deref(),
        Some("false")
    );
}

#[wasm_bindgen_test]
async fn option_ids_are_unique_per_instance() {
    let a = mount(&[], sample_feed()).await;
    let b = mount(&[], sample_feed()).await;
    let ia = a.q("[part=give] input").id();
    let ib = b.q("[part=give] input").id();
    assert_ne!(ia, ib);
}

#[wasm_bindgen_test]
async fn swap_exists_only_for_reversible_pairs() {
    let w = mount(&[], sample_feed()).await;
    assert!(w
        .q("[part=swap]")
        .get_attribute("aria-label")
        .is_some_and(|l| !l.is_empty()));
    w.type_text("[part=amount-give]", "0.5").await;
    w.click("[part=swap]").await;
    assert_eq!(w.input("[part=give] input").value(), "SBERRUB");
    assert_eq!(w.input("[part=get] input").value(), "BTC");
    assert_eq!(w.input("[part=amount-get]").value(), "0.5");
    assert_eq!(
        w.q("a[part=go]").get_attribute("href").unwrap(),
        "https://ex.example/ref/R1/?cur_from=SBERRUB&cur_to=BTC"
    );
    assert!(w.handle.set_pair("PMUSD".into(), "BTC".into()).is_ok());
    yew::scheduler::flush().await;
    assert_eq!(w.input("[part=give] input").value(), "PMUSD");
    assert!(w.shadow.query_selector("[part=swap]").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn go_link_click_is_reported() {
    let w = mount(
        &[("target", "_self"), ("from", "ETH"), ("to", "BTC")],
        sample_feed(),
    )
    .await;
    let a = w.q("a[part=go]");
    assert_eq!(a.get_attribute("target").as_deref(), Some("_self"));
    // Stop the navigation itself: only the event is under test.
    let stop = Closure::<dyn FnMut(web_sys::Event)>::new(|e: web_sys::Event| e.prevent_default());
    w.host
        .add_event_listener_with_callback("click", stop.as_ref().unchecked_ref())
        .unwrap();
    w.click("a[part=go]").await;
    let go = w.events_named("ratelink:go");
    assert_eq!(go.len(), 1);
    assert_eq!(
        field(&go[0], "href").as_string().unwrap(),
        "https://ex.example/ref/R1/?cur_from=ETH&cur_to=BTC"
    );
    assert_eq!(field(&go[0], "from").as_string().as_deref(), Some("ETH"));
}

#[wasm_bindgen_test]
async fn bad_configuration_shows_the_attribute_and_reports_it() {
    let (host, shadow, root) = host_with_shadow_root();
    let errors = Rc::new(RefCell::new(Vec::<JsValue>::new()));
    let cb = {
        let errors = errors.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            errors
                .borrow_mut()
                .push(e.dyn_ref::<CustomEvent>().unwrap().detail());
        })
    };
    host.add_event_listener_with_callback("ratelink:error", cb.as_ref().unchecked_ref())
        .unwrap();
    let mut handle = ratelink::mount(
        host.clone(),
        root,
        config(&[("exchanger", "https://ex.example"), ("ref", "R1")]),
    )
    .unwrap();
    yew::scheduler::flush().await;
    let message = shadow
        .query_selector(".rl-error-message")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(message.contains("\"feed\""), "{message}");
    let link = shadow.query_selector("a[part=go]").unwrap().unwrap();
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("https://ex.example/ref/R1/")
    );
    assert_eq!(errors.borrow().len(), 1);
    assert_eq!(
        field(&errors.borrow()[0], "kind").as_string().as_deref(),
        Some("config")
    );
    handle.destroy();
    yew::scheduler::flush().await;
    host.remove();
}

#[wasm_bindgen_test]
async fn update_changes_theme_in_place_and_keeps_the_choice() {
    let mut w = mount(&[], sample_feed()).await;
    w.type_text("[part=give] input", "eth").await;
    w.key("[part=give] input", "Enter").await;
    w.type_text("[part=amount-give]", "2").await;
    w.handle.update(config(&[
        ("exchanger", "https://ex.example"),
        ("ref", "R1"),
        ("feed", "https://relay.example/f"),
        ("theme", "dark"),
        ("lang", "ru"),
    ]));
    yew::scheduler::flush().await;
    assert_eq!(
        w.q(".rl-root").get_attribute("data-theme").as_deref(),
        Some("dark")
    );
    assert_eq!(w.input("[part=give] input").value(), "ETH");
    assert_eq!(w.input("[part=amount-give]").value(), "2");
    assert_eq!(w.input("[part=amount-get]").value(), "380\u{a0}000,00");
}

#[wasm_bindgen_test]
async fn empty_feed_is_a_clear_state_with_the_fallback_link() {
    let empty = Feed {
        directions: vec![],
        status: FeedStatus::Empty,
        ..sample_feed()
    };
    let w = mount(&[("from", "BTC"), ("to", "ETH")], empty).await;
    assert_eq!(
        w.q(".rl-error").get_attribute("data-kind").as_deref(),
        Some("empty")
    );
    assert_eq!(
        w.q("a[part=go]").get_attribute("href").unwrap(),
        "https://ex.example/ref/R1/?cur_from=BTC&cur_to=ETH"
    );
    let errors = w.events_named("ratelink:error");
    assert_eq!(
        field(&errors[0], "kind").as_string().as_deref(),
        Some("empty")
    );
    assert!(w.events_named("ratelink:ready").is_empty());
}

#[wasm_bindgen_test]
async fn destroy_clears_the_shadow_content() {
    let mut w = mount(&[], sample_feed()).await;
    w.handle.destroy();
    yew::scheduler::flush().await;
    assert!(w.shadow.query_selector("[part=give]").unwrap().is_none());
    // Calls after destroy are ignored.
    w.handle.refresh();
    assert!(w.handle.set_pair("ETH".into(), "BTC".into()).is_ok());
}

/// A same-origin URL serving `body` (no network, no server).
fn blob_url(body: &str, content_type: &str) -> String {
    let parts = js_sys::Array::of1(&JsValue::from_str(body));
    let opts = BlobPropertyBag::new();
    opts.set_type(content_type);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &opts).unwrap();
    web_sys::Url::create_object_url_with_blob(&blob).unwrap()
}

/// Resolves with the `detail` of the next `name` event on `host` (register before it can fire).
fn next_event(host: &HtmlElement, name: &str) -> JsFuture {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let opts = AddEventListenerOptions::new();
        opts.set_once(true);
        host.add_event_listener_with_callback_and_add_event_listener_options(name, &resolve, &opts)
            .unwrap();
    });
    JsFuture::from(promise)
}

fn detail(event: JsValue) -> JsValue {
    event.dyn_into::<CustomEvent>().unwrap().detail()
}

/// Host element + shadow root + rl-root, mounted with `ratelink::mount` (real fetch).
fn mount_fetching(feed_url: &str) -> (HtmlElement, ShadowRoot, WidgetHandle) {
    let (host, shadow, root) = host_with_shadow_root();
    let handle = ratelink::mount(
        host.clone(),
        root,
        config(&[
            ("exchanger", "https://ex.example"),
            ("ref", "R1"),
            ("feed", feed_url),
        ]),
    )
    .unwrap();
    (host, shadow, handle)
}

#[wasm_bindgen_test]
async fn fetches_the_feed_once_for_instances_sharing_it() {
    use ratelink::hooks::feed::flights_in_progress;
    let body = ratelink_core::to_normalized_json(&sample_feed(), &[]);
    let url = blob_url(&body, "application/json");
    let (host_a, shadow_a, mut a) = mount_fetching(&url);
    let (host_b, _shadow_b, mut b) = mount_fetching(&url);
    let (ready_a, ready_b) = (
        next_event(&host_a, "ratelink:ready"),
        next_event(&host_b, "ratelink:ready"),
    );
    yew::scheduler::flush().await;
    assert_eq!(
        flights_in_progress(),
        1,
        "one request for two widgets on the same feed"
    );
    assert!(
        shadow_a.query_selector(".rl-skeleton").unwrap().is_some(),
        "skeleton while loading"
    );
    let detail_a = detail(ready_a.await.unwrap());
    ready_b.await.unwrap();
    assert_eq!(field(&detail_a, "directions").as_f64(), Some(6.0));
    assert_eq!(flights_in_progress(), 0);
    yew::scheduler::flush().await;
    let rate = shadow_a
        .query_selector("[part=rate]")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert_eq!(rate, "1 BTC = 5,749,836.50 SBERRUB");
    // refresh() starts a new request at once; destroy() cancels it.
    a.refresh();
    assert_eq!(flights_in_progress(), 1);
    a.destroy();
    b.destroy();
    yew::scheduler::flush().await;
    assert_eq!(
        flights_in_progress(),
        0,
        "teardown aborts the request nobody waits for"
    );
    host_a.remove();
    host_b.remove();
}

#[wasm_bindgen_test]
async fn a_body_that_is_not_a_feed_is_a_parse_error_with_the_fallback_link() {
    let url = blob_url("<html><title>Just a moment...</title></html>", "text/html");
    let (host, shadow, mut handle) = mount_fetching(&url);
    let error = next_event(&host, "ratelink:error");
    let d = detail(error.await.unwrap());
    assert_eq!(field(&d, "kind").as_string().as_deref(), Some("parse"));
    yew::scheduler::flush().await;
    let err = shadow.query_selector(".rl-error").unwrap().unwrap();
    assert_eq!(err.get_attribute("data-kind").as_deref(), Some("parse"));
    assert_eq!(err.get_attribute("role").as_deref(), Some("alert"));
    let link = shadow.query_selector("a[part=go]").unwrap().unwrap();
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("https://ex.example/ref/R1/")
    );
    handle.destroy();
    host.remove();
}

#[wasm_bindgen_test]
async fn an_unreachable_feed_is_a_network_error() {
    let url = blob_url("{}", "application/json");
    web_sys::Url::revoke_object_url(&url).unwrap();
    let (host, _shadow, mut handle) = mount_fetching(&url);
    let d = detail(next_event(&host, "ratelink:error").await.unwrap());
    assert_eq!(field(&d, "kind").as_string().as_deref(), Some("network"));
    assert!(field(&d, "message").as_string().unwrap().contains(&url));
    handle.destroy();
    host.remove();
}

#[wasm_bindgen_test]
async fn a_config_that_is_not_an_object_is_a_config_error_not_a_crash() {
    let (host, shadow, root) = host_with_shadow_root();
    let error = next_event(&host, "ratelink:error");
    let mut handle = ratelink::mount(host.clone(), root, JsValue::UNDEFINED).unwrap();
    let d = detail(error.await.unwrap());
    assert_eq!(field(&d, "kind").as_string().as_deref(), Some("config"));
    let message = field(&d, "message").as_string().unwrap();
    assert!(message.contains("\"feed\""), "{message}");
    // Non-string arguments from the page are refused with an error, not a crash.
    assert!(handle
        .set_pair(JsValue::from_f64(1.0), JsValue::NULL)
        .is_err());
    handle.update(JsValue::NULL);
    yew::scheduler::flush().await;
    assert!(shadow.query_selector(".rl-error").unwrap().is_some());
    handle.destroy();
    host.remove();
}

/// The texts of every `selector` match in `shadow`, in document order.
#[cfg(feature = "compare")]
fn texts(shadow: &ShadowRoot, selector: &str) -> Vec<String> {
    let list = shadow.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .collect()
}

#[cfg(feature = "compare")]
#[wasm_bindgen_test]
async fn compare_layout_lists_the_offers_best_first_and_reranks_as_the_amount_changes() {
    // alpha pays most but takes at most 0.1 BTC; beta's 3,000 RUB fee hurts small amounts.
    let doc = r#"{"format":"compare",
     "exchangers":[
      {"id":"alpha","title":"Alpha","exchanger":"https://alpha.example","ref":"A1","link_template":null,"fetched_at":null,"stale":false,"directions":1,"error":null},
      {"id":"beta","title":"Beta","exchanger":"https://beta.example","ref":"B2","link_template":null,"fetched_at":null,"stale":true,"directions":1,"error":null},
      {"id":"gamma","title":"Gamma","exchanger":"https://gamma.example","ref":"G3","link_template":null,"fetched_at":null,"stale":false,"directions":1,"error":null},
      {"id":"delta","title":"Delta","exchanger":"https://delta.example","ref":"D4","link_template":null,"fetched_at":null,"stale":false,"directions":0,"error":{"kind":"network","message":"down"}}],
     "directions":[
      {"from":"BTC","to":"SBERRUB","in":"1","out":"5800000","reserve":"40000000","min":"0.001","max":"0.1","exchanger":"alpha"},
      {"from":"BTC","to":"SBERRUB","in":"1","out":"5790000","reserve":"90000000","min":"0.01","max":"5","to_fee":{"fixed":"3000"},"exchanger":"beta"},
      {"from":"BTC","to":"SBERRUB","in":"1","out":"5750000","reserve":"250000000","min":"0.0005","max":"20","exchanger":"gamma"}],
     "names":{},"aliases":[]}"#;
    let url = blob_url(doc, "application/json");
    let (host, shadow, root) = host_with_shadow_root();
    let ready = next_event(&host, "ratelink:ready");
    let mut handle = ratelink::mount(
        host.clone(),
        root,
        config(&[
            ("feed", &url),
            ("layout", "compare"),
            ("from", "BTC"),
            ("to", "SBERRUB"),
            ("amount", "0.05"),
        ]),
    )
    .unwrap();
    ready.await.unwrap();
    yew::scheduler::flush().await;
    let list = shadow.query_selector("ul[role=list]").unwrap().unwrap();
    assert_eq!(list.get_attribute("aria-label").as_deref(), Some("Offers"));
    assert_eq!(
        texts(&shadow, "[part=offer-exchanger]"),
        ["Alpha", "Gamma", "Beta"]
    );
    assert_eq!(
        texts(&shadow, "[part=offer-receive]"),
        [
            "290,000.00 SBERRUB",
            "287,500.00 SBERRUB",
            "286,500.00 SBERRUB"
        ]
    );
    assert_eq!(
        texts(&shadow, ".rl-unavailable li"),
        ["DeltaUnavailable: down"]
    );
    // The stale exchanger's offer says so.
    let stale: Vec<bool> = texts(&shadow, "[part=offer]")
        .iter()
        .map(|row| row.contains("may be out of date"))
        .collect();
    assert_eq!(
        stale,
        [false, false, true],
        "only beta's offer is marked stale"
    );
    // Each row carries the single view's facts of its direction.
    assert_eq!(
        texts(&shadow, "[part=offer] [part=limits]"),
        [
            "min 0.001 – max 0.1 BTC",
            "min 0.0005 – max 20 BTC",
            "min 0.01 – max 5 BTC"
        ]
    );

    // Typing 1 BTC re-ranks without a request: alpha's 0.1 BTC maximum sends it last, greyed.
    let input: HtmlInputElement = shadow
        .query_selector("[part=amount-give]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    input.set_value("1");
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    assert_eq!(
        texts(&shadow, "[part=offer-exchanger]"),
        ["Beta", "Gamma", "Alpha"]
    );
    let offers = shadow.query_selector_all("[part=offer]").unwrap();
    let fits: Vec<Option<String>> = (0..offers.length())
        .map(|i| {
            offers
                .item(i)
                .unwrap()
                .dyn_into::<Element>()
                .unwrap()
                .get_attribute("data-fits")
        })
        .collect();
    assert_eq!(
        fits,
        [
            Some("true".into()),
            Some("true".into()),
            Some("false".into())
        ]
    );
    assert_eq!(
        texts(&shadow, "[part=offer] .rl-offer-reason"),
        ["", "", "maximum 0.1 BTC"]
    );
    let top = shadow.query_selector("[part=offer-go]").unwrap().unwrap();
    assert_eq!(
        top.get_attribute("href").as_deref(),
        Some("https://beta.example/ref/B2/?cur_from=BTC&cur_to=SBERRUB")
    );
    handle.destroy();
    host.remove();
}
