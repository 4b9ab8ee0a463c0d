//! Outreach lectures (出前講座): citizens' groups ask for a lecture on the
//! public page; HR, or the 所属長 of the lecture's department, approves or
//! declines it and records the delivery; 2-5-1 counts the deliveries.
//!
//! Who: anyone may read the catalogue and ask (the public form, guarded
//! against bots and floods, below); HR manages the catalogue and the rules
//! and every request; a 所属長 the requests for their departments'
//! lectures. A request's contact details are read only by them.
//!
//! The public form works offline, with no outside CAPTCHA: it carries a
//! token the server signed when it showed the form, bound to a fresh value
//! the page also sets in a SameSite=Strict cookie (a form posted from
//! another site carries no cookie and is refused); a request sent sooner
//! than [`MIN_FILL_SECONDS`] after, or later than [`FORM_HOURS`], or with
//! the token altered, or a second time with the same form, is refused; so
//! is one with the field hidden from people filled in (bots fill it); and
//! an address (an IPv6 one by its /64, kept only as a keyed digest) sends
//! at most [`PER_HOUR`] requests an hour, counted in the write.

use crate::Failure;
use chrono::NaiveDate;
use jinzai_domain::access::{Principal, Role};
use jinzai_domain::i18n::Message;
use jinzai_domain::outreach::{Decision, Delivery, Lecture, Request, Settings, Source};
use jinzai_domain::people::StaffNumber;
use jinzai_domain::progress::FieldError;
use jinzai_store::Store;
use jinzai_store::outreach::{Added, Arrival, Requests, StoredLecture, StoredRequest};

/// A form filled in sooner than this after it was shown was not filled in
/// by a person.
pub const MIN_FILL_SECONDS: i64 = 2;
/// A form older than this is shown again.
pub const FORM_HOURS: i64 = 6;
/// Requests an hour from one address.
pub const PER_HOUR: i64 = 3;
/// The name of the field people never see (bots fill it in).
pub const HONEYPOT: &str = "website";

const FORM_PURPOSE: &str = "outreach-form";
const NONCE_PURPOSE: &str = "outreach-nonce";
const ADDRESS_PURPOSE: &str = "outreach-address";

/// The lectures offered on the public page.
pub async fn catalogue(store: &Store) -> Result<Vec<StoredLecture>, Failure> {
    Ok(store.outreach_lectures(true).await?)
}

/// A form shown now: its token (the moment and a fresh value, signed) and
/// the fresh value, which the page also sets in a SameSite=Strict cookie —
/// a form posted from another site carries no such cookie.
pub fn form_token(store: &Store) -> Result<(String, String), Failure> {
    static SHOWN: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let now = store.clock().now();
    let n = SHOWN.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    // Unpredictable without the key, different for every form shown.
    let nonce = store.digest(
        NONCE_PURPOSE,
        &format!("{}-{n}", now.timestamp_nanos_opt().unwrap_or_default()),
    )?;
    let nonce = nonce[..32].to_owned();
    let body = format!("{}.{nonce}", now.timestamp());
    Ok((
        format!("{body}.{}", store.digest(FORM_PURPOSE, &body)?),
        nonce,
    ))
}

/// Equal, compared in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The form's key (kept with its request, so it sends once) when its
/// token is one this server signed, shown to the browser that holds
/// `cookie`, filled in by a person (not too fast) and not too long ago.
fn form_key(store: &Store, token: &str, cookie: &str) -> Option<String> {
    let (body, mac) = token.rsplit_once('.')?;
    let (at, nonce) = body.split_once('.')?;
    let shown: i64 = at.parse().ok()?;
    let age = store.clock().now().timestamp() - shown;
    let ok = same(&store.digest(FORM_PURPOSE, body).ok()?, mac)
        && !cookie.is_empty()
        && same(nonce, cookie)
        && (MIN_FILL_SECONDS..=FORM_HOURS * 3600).contains(&age);
    ok.then(|| store.digest(FORM_PURPOSE, nonce).ok()).flatten()
}

/// The address a throttle counts: an IPv6 address by its /64 (one
/// household or machine has all of it), an IPv4 one whole.
fn address_of(address: &str) -> String {
    match address.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(a)) => {
            let s = a.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        _ => address.to_owned(),
    }
}

/// What came with a public form besides the request.
#[derive(Debug)]
pub struct FormGuard<'a> {
    pub token: &'a str,
    /// The form's cookie (empty when the browser sent none).
    pub cookie: &'a str,
    /// The hidden field's value (empty from people).
    pub honeypot: &'a str,
    /// The requesting address.
    pub address: &'a str,
}

/// A citizens' group's request from the public page: checked by the city's
/// rules, refused (nothing stored) when it is not a person's, when its form
/// was sent before, or when the address sent too many. The request's
/// number.
pub async fn request_public(
    store: &Store,
    r: &Request,
    guard: FormGuard<'_>,
) -> Result<i64, Failure> {
    let again = || Failure::BadRequest {
        code: "form_expired",
        message: Message::new("outreach_form_again"),
    };
    let key = form_key(store, guard.token, guard.cookie)
        .filter(|_| guard.honeypot.is_empty())
        .ok_or_else(again)?;
    let errors = r.check(store.clock().today(), store.outreach_settings().await?);
    if !errors.is_empty() {
        return Err(Failure::Invalid(errors));
    }
    let address = store.digest(ADDRESS_PURPOSE, &address_of(guard.address))?;
    let since = jinzai_domain::clock::stamp(store.clock().now() - chrono::Duration::hours(1));
    let arrival = Arrival {
        source: Source::Public,
        address_key: &address,
        form_key: Some(&key),
        throttle: Some((since, PER_HOUR)),
    };
    match store.add_outreach_request(r, &arrival, "public").await? {
        Added::Stored(id) => Ok(id),
        Added::Throttled => Err(Failure::Throttled(Message::new("outreach_throttled"))),
        Added::FormUsed => Err(again()),
    }
}

fn manages(who: &Principal) -> Result<(), Failure> {
    if who.has(Role::Hr) || who.has(Role::Manager) {
        Ok(())
    } else {
        Err(Failure::Forbidden(Message::new("outreach_staff_only")))
    }
}

fn hr(who: &Principal) -> Result<(), Failure> {
    if who.has(Role::Hr) {
        Ok(())
    } else {
        Err(Failure::Forbidden(Message::new("outreach_hr_only")))
    }
}

/// A request entered by staff (taken by phone or at the counter): the same
/// rules, HR or the department's 所属長.
pub async fn request_by_staff(
    store: &Store,
    who: &Principal,
    r: &Request,
) -> Result<StoredRequest, Failure> {
    manages(who)?;
    let lecture = store.outreach_lecture(&r.lecture_code).await?;
    may_handle(who, &lecture.lecture.unit_code)?;
    let errors = r.check(store.clock().today(), store.outreach_settings().await?);
    if !errors.is_empty() {
        return Err(Failure::Invalid(errors));
    }
    let arrival = Arrival {
        source: Source::Staff,
        address_key: "",
        form_key: None,
        throttle: None,
    };
    match store
        .add_outreach_request(r, &arrival, &who.actor())
        .await?
    {
        Added::Stored(id) => Ok(store.outreach_request(id).await?),
        Added::Throttled | Added::FormUsed => Err(Failure::Internal(Message::new("store_failed"))),
    }
}

/// HR any department; a 所属長 the units they head.
fn may_handle(who: &Principal, unit: &str) -> Result<(), Failure> {
    if who.has(Role::Hr)
        || (who.has(Role::Manager) && who.managed_units.iter().any(|u| u.as_str() == unit))
    {
        Ok(())
    } else {
        Err(Failure::Forbidden(Message::new(
            "outreach_not_your_department",
        )))
    }
}

/// A year's requests (and those still open): HR every one, a 所属長 their
/// departments'.
pub async fn requests(
    store: &Store,
    who: &Principal,
    year: i32,
) -> Result<Vec<StoredRequest>, Failure> {
    manages(who)?;
    if who.has(Role::Hr) {
        return Ok(store.outreach_requests(Requests::Year(year)).await?);
    }
    let units: Vec<String> = who
        .managed_units
        .iter()
        .map(|u| u.as_str().to_owned())
        .collect();
    Ok(store
        .outreach_requests(Requests::Units(year, &units))
        .await?)
}

/// One request, to those who may handle it.
pub async fn request(store: &Store, who: &Principal, id: i64) -> Result<StoredRequest, Failure> {
    manages(who)?;
    let r = store.outreach_request(id).await?;
    may_handle(who, &r.unit_code)?;
    Ok(r)
}

pub async fn decide(
    store: &Store,
    who: &Principal,
    id: i64,
    d: &Decision,
) -> Result<StoredRequest, Failure> {
    request(store, who, id).await?;
    Ok(store.decide_outreach(id, d, &who.actor()).await?)
}

pub async fn deliver(
    store: &Store,
    who: &Principal,
    id: i64,
    g: &Delivery,
) -> Result<StoredRequest, Failure> {
    request(store, who, id).await?;
    Ok(store.deliver_outreach(id, g, &who.actor()).await?)
}

/// The whole catalogue, offered or not (HR and 所属長).
pub async fn lectures(store: &Store, who: &Principal) -> Result<Vec<StoredLecture>, Failure> {
    manages(who)?;
    Ok(store.outreach_lectures(false).await?)
}

/// Adds or changes a lecture (HR).
pub async fn put_lecture(
    store: &Store,
    who: &Principal,
    l: &Lecture,
) -> Result<StoredLecture, Failure> {
    hr(who)?;
    let errors = l.check();
    if !errors.is_empty() {
        return Err(Failure::Invalid(errors));
    }
    Ok(store.put_outreach_lecture(l, &who.actor()).await?)
}

pub async fn settings(store: &Store) -> Result<Settings, Failure> {
    Ok(store.outreach_settings().await?)
}

/// Sets the city's rules for requests (HR).
pub async fn set_settings(
    store: &Store,
    who: &Principal,
    s: Settings,
) -> Result<Settings, Failure> {
    hr(who)?;
    let errors = s.check();
    if !errors.is_empty() {
        return Err(Failure::Invalid(errors));
    }
    store.put_outreach_settings(s, &who.actor()).await?;
    Ok(s)
}

fn field<'a>(pairs: &'a [(String, String)], k: &str) -> &'a str {
    pairs
        .iter()
        .find(|(key, _)| key == k)
        .map_or("", |(_, v)| v.as_str())
}

fn count(pairs: &[(String, String)], k: &'static str, errors: &mut Vec<FieldError>) -> u32 {
    let raw = jinzai_domain::people::search_key(field(pairs, k)).replace(['人', '名', '分'], "");
    if raw.is_empty() {
        return 0;
    }
    raw.parse().unwrap_or_else(|_| {
        errors.push(FieldError::new(
            k,
            "bad_number",
            Message::new("field_bad_count").arg("value", field(pairs, k)),
        ));
        0
    })
}

fn day(
    pairs: &[(String, String)],
    k: &'static str,
    errors: &mut Vec<FieldError>,
) -> Option<NaiveDate> {
    crate::form::parse_day(k, field(pairs, k)).unwrap_or_else(|e| {
        errors.push(e);
        None
    })
}

/// A request as the public (or staff) form gives it. A number or a day
/// that cannot be read is refused at its field.
pub fn request_from_form(pairs: &[(String, String)]) -> Result<Request, Vec<FieldError>> {
    let mut errors = Vec::new();
    let r = Request {
        lecture_code: field(pairs, "lecture_code").trim().to_owned(),
        group_name: field(pairs, "group_name").to_owned(),
        contact_name: field(pairs, "contact_name").to_owned(),
        contact_phone: field(pairs, "contact_phone").to_owned(),
        contact_email: field(pairs, "contact_email").to_owned(),
        wished_on: day(pairs, "wished_on", &mut errors),
        wished_time: field(pairs, "wished_time").to_owned(),
        venue: field(pairs, "venue").to_owned(),
        expected_audience: count(pairs, "expected_audience", &mut errors),
        purpose: field(pairs, "purpose").to_owned(),
        not_for_profit: !field(pairs, "not_for_profit").is_empty(),
    };
    if errors.is_empty() {
        Ok(r)
    } else {
        Err(errors)
    }
}

/// A decision as the form gives it (`answer`: approve or decline).
pub fn decision_from_form(
    pairs: &[(String, String)],
    today: NaiveDate,
) -> Result<Decision, Vec<FieldError>> {
    let mut errors = Vec::new();
    let approved = match field(pairs, "answer") {
        "approve" => true,
        "decline" => false,
        _ => {
            errors.push(FieldError::new(
                "answer",
                "required",
                Message::new("outreach_required"),
            ));
            false
        }
    };
    let decided_on = day(pairs, "decided_on", &mut errors).unwrap_or(today);
    let d = Decision {
        approved,
        decided_on,
        note: field(pairs, "note").to_owned(),
    };
    if errors.is_empty() {
        Ok(d)
    } else {
        Err(errors)
    }
}

/// A delivery as the form gives it (lecturers: staff numbers separated by
/// spaces, commas or 、).
pub fn delivery_from_form(pairs: &[(String, String)]) -> Result<Delivery, Vec<FieldError>> {
    let mut errors = Vec::new();
    let delivered_on = day(pairs, "delivered_on", &mut errors);
    if delivered_on.is_none() && errors.is_empty() {
        errors.push(FieldError::new(
            "delivered_on",
            "required",
            Message::new("outreach_required"),
        ));
    }
    let audience = count(pairs, "audience", &mut errors);
    let mut lecturers = Vec::new();
    for part in field(pairs, "lecturers")
        .split([',', '、', ' ', '　', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        match StaffNumber::parse(part) {
            Ok(n) => lecturers.push(n),
            Err(m) => errors.push(FieldError::new("lecturers", "bad_number", m)),
        }
    }
    match (delivered_on, errors.is_empty()) {
        (Some(delivered_on), true) => Ok(Delivery {
            delivered_on,
            audience,
            feedback: field(pairs, "feedback").to_owned(),
            lecturers,
        }),
        _ => Err(errors),
    }
}

/// A lecture as HR's form gives it.
pub fn lecture_from_form(pairs: &[(String, String)]) -> Result<Lecture, Vec<FieldError>> {
    let mut errors = Vec::new();
    let minutes = count(pairs, "minutes", &mut errors);
    let l = Lecture {
        code: field(pairs, "code").trim().to_owned(),
        title: field(pairs, "title").to_owned(),
        unit_code: field(pairs, "unit_code").trim().to_owned(),
        summary: field(pairs, "summary").to_owned(),
        minutes,
        audience: field(pairs, "audience").to_owned(),
        active: !field(pairs, "active").is_empty(),
    };
    if errors.is_empty() {
        Ok(l)
    } else {
        Err(errors)
    }
}
