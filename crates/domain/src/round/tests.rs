use super::*;
use crate::access::{Grant, Principal, Role};
use crate::people::codes::assert_list_matches;

#[test]
fn code_lists_match_their_enums() {
    assert_list_matches::<RoundKind>();
    assert_list_matches::<CellState>();
    assert_list_matches::<Step>();
}

#[test]
fn a_cell_walks_the_round_and_only_its_steps_apply() {
    use CellState::*;
    let walk = [
        (NotStarted, Step::Save, Drafting),
        (Drafting, Step::Submit, Submitted),
        (Submitted, Step::Return, Returned),
        (Returned, Step::Save, Returned),
        (Returned, Step::Submit, Submitted),
        (Submitted, Step::Confirm, Confirmed),
        (Confirmed, Step::Approve, Approved),
        (Approved, Step::Return, Returned),
        (Drafting, Step::Exclude, NotApplicable),
        (NotApplicable, Step::Reopen, NotStarted),
    ];
    for (from, step, to) in walk {
        assert_eq!(from.after(step), Some(to), "{from:?} {step:?}");
    }
    // A submitted entry is read-only until returned; nothing skips review.
    assert_eq!(Submitted.after(Step::Save), None);
    assert_eq!(Submitted.after(Step::Approve), None);
    assert_eq!(Drafting.after(Step::Confirm), None);
    assert_eq!(Approved.after(Step::Save), None);
    assert_eq!(Approved.after(Step::Exclude), None);
    assert!(Approved.settled() && NotApplicable.settled() && !Confirmed.settled());
}

#[test]
fn each_step_belongs_to_its_capacities() {
    use Capacity::*;
    assert!(Step::Save.allowed(&[Contributor]));
    assert!(!Step::Submit.allowed(&[Contributor]));
    assert!(Step::Submit.allowed(&[Owner]) && Step::Submit.allowed(&[Reviewer]));
    assert!(!Step::Confirm.allowed(&[Owner, Approver]));
    assert!(Step::Approve.allowed(&[Approver]) && !Step::Approve.allowed(&[Reviewer]));
    assert!(Step::Return.allowed(&[Approver]) && !Step::Return.allowed(&[Owner]));
    assert!(!Step::Save.allowed(&[]));
}

#[test]
fn a_step_is_checked_for_state_person_reason_and_four_eyes() {
    use CellState::*;
    let hr = [Capacity::Reviewer];
    assert_eq!(
        check_step(Submitted, Step::Return, &hr, "", false)
            .unwrap_err()
            .field,
        "reason"
    );
    assert_eq!(
        check_step(Submitted, Step::Return, &hr, "数値の根拠を", false),
        Ok(Returned)
    );
    assert_eq!(
        check_step(Submitted, Step::Confirm, &hr, "", true)
            .unwrap_err()
            .code,
        "own_entry"
    );
    assert_eq!(
        check_step(Drafting, Step::Confirm, &hr, "", false)
            .unwrap_err()
            .code,
        "wrong_state"
    );
    assert_eq!(
        check_step(Submitted, Step::Confirm, &[Capacity::Owner], "", false)
            .unwrap_err()
            .code,
        "not_yours"
    );
    assert_eq!(
        check_step(Confirmed, Step::Approve, &[Capacity::Approver], "", true)
            .unwrap_err()
            .code,
        "own_entry"
    );
}

#[test]
fn dates_run_in_order() {
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let ok = RoundDates {
        opens_on: d("2026-04-01"),
        due_on: d("2026-04-30"),
        review_by: d("2026-05-29"),
    };
    assert!(ok.check().is_empty());
    let bad = RoundDates {
        due_on: d("2026-03-31"),
        ..ok
    };
    let fields: Vec<_> = bad.check().iter().map(|e| e.field.to_string()).collect();
    assert_eq!(fields, ["due_on"]);
    let late = RoundDates {
        review_by: d("2026-04-28"),
        ..ok
    };
    let fields: Vec<_> = late.check().iter().map(|e| e.field.to_string()).collect();
    assert_eq!(fields, ["review_by"]);
}

#[test]
fn capacities_follow_the_owners() {
    let owners = Owners {
        accountable: "K01".into(),
        contributors: vec!["K02".into(), "K01".into(), "K02".into()],
        accounts: vec![" tanaka ".into(), "tanaka".into()],
    }
    .normalised();
    assert_eq!(owners.contributors, vec![UnitCode::from("K02")]);
    assert_eq!(owners.accounts, vec!["tanaka".to_owned()]);
    let person = |login: &str, roles: &[Role], units: &[&'static str]| Principal {
        user_id: Some(1),
        login: login.into(),
        grants: roles
            .iter()
            .map(|&role| Grant { role, unit: None })
            .collect(),
        managed_units: units.iter().map(|&u| u.into()).collect(),
        ..Principal::default()
    };
    let head = person("head", &[Role::Manager], &["K01"]);
    assert_eq!(capacities(&head, Some(&owners)), [Capacity::Owner]);
    let helper = person("helper", &[Role::Manager], &["K02"]);
    assert_eq!(capacities(&helper, Some(&owners)), [Capacity::Contributor]);
    let named = person("tanaka", &[Role::Staff], &[]);
    assert_eq!(capacities(&named, Some(&owners)), [Capacity::Owner]);
    let other = person("other", &[Role::Manager], &["K03"]);
    assert!(capacities(&other, Some(&owners)).is_empty());
    assert!(capacities(&head, None).is_empty());
    let hr = person("hr", &[Role::Hr, Role::Approver], &[]);
    assert_eq!(
        capacities(&hr, None),
        [Capacity::Reviewer, Capacity::Approver]
    );
}
