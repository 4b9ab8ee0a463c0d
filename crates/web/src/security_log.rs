//! Refused requests in the audit log without letting a flood grow it.
//!
//! A refused token, session, CSRF token or sign-in is worth an audit entry,
//! but anyone can send thousands a second. Per source (the client's
//! address) and kind of refusal, the first in each minute is written as
//! usual; the rest of that minute are only counted, and the count is written
//! as one entry (`detail.repeats`) when the minute is over: at the next
//! refusal from that source, at the sweep the server runs every minute, or
//! when it stops. So the log grows by at most two entries per source, kind
//! and minute, and no refusal goes uncounted. Only refusals pass through
//! here: an entry about anything that succeeded is always written at once.

use std::collections::HashMap;
use std::sync::Mutex;

/// Sources tracked at once; beyond them, further sources share one window
/// (source `*`), so that many addresses cannot grow memory without bound.
const MAX_SOURCES: usize = 10_000;

/// One source's refusals of one kind in one minute.
#[derive(Debug, Clone)]
struct Window {
    minute: i64,
    /// Refusals after the first that were only counted.
    repeats: u64,
    actor: String,
    record: (String, String),
}

/// A count to write: `repeats` more refusals of `action` from `source` in
/// the minute starting at `minute` (minutes since the Unix epoch).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repeats {
    pub source: String,
    pub action: String,
    pub minute: i64,
    pub repeats: u64,
    /// The actor and record (type, key) of the last refusal counted.
    pub actor: String,
    pub record: (String, String),
}

/// What to do with a refusal.
#[derive(Debug, PartialEq, Eq)]
pub enum Decision {
    /// Write it (the first of its minute), after writing these counts of
    /// earlier minutes.
    Write(Vec<Repeats>),
    /// Counted; nothing to write now.
    Counted,
}

/// The windows of the refusals seen recently.
#[derive(Debug, Default)]
pub struct SecurityLog {
    windows: Mutex<HashMap<(String, String), Window>>,
}

impl SecurityLog {
    /// Notes a refusal of kind `action` from `source` at `minute`.
    pub fn note(
        &self,
        source: &str,
        action: &str,
        minute: i64,
        actor: &str,
        record: (&str, &str),
    ) -> Decision {
        let Ok(mut windows) = self.windows.lock() else {
            // A poisoned lock: write everything rather than lose any.
            return Decision::Write(Vec::new());
        };
        let mut key = (source.to_owned(), action.to_owned());
        if !windows.contains_key(&key) && windows.len() >= MAX_SOURCES {
            key.0 = "*".to_owned();
        }
        match windows.get_mut(&key) {
            Some(w) if w.minute == minute => {
                w.repeats += 1;
                w.actor = actor.to_owned();
                w.record = (record.0.to_owned(), record.1.to_owned());
                Decision::Counted
            }
            Some(w) => {
                let earlier = repeats_of(&key, w);
                *w = fresh(minute, actor, record);
                Decision::Write(earlier.into_iter().collect())
            }
            None => {
                windows.insert(key, fresh(minute, actor, record));
                Decision::Write(Vec::new())
            }
        }
    }

    /// Takes the counts of minutes before `minute` (all, when `None`: the
    /// server is stopping), forgetting those windows.
    pub fn sweep(&self, minute: Option<i64>) -> Vec<Repeats> {
        let Ok(mut windows) = self.windows.lock() else {
            return Vec::new();
        };
        let done = |w: &Window| minute.is_none_or(|m| w.minute < m);
        let out = windows
            .iter()
            .filter(|(_, w)| done(w))
            .filter_map(|(k, w)| repeats_of(k, w))
            .collect();
        windows.retain(|_, w| !done(w));
        out
    }
}

fn fresh(minute: i64, actor: &str, record: (&str, &str)) -> Window {
    Window {
        minute,
        repeats: 0,
        actor: actor.to_owned(),
        record: (record.0.to_owned(), record.1.to_owned()),
    }
}

fn repeats_of((source, action): &(String, String), w: &Window) -> Option<Repeats> {
    (w.repeats > 0).then(|| Repeats {
        source: source.clone(),
        action: action.clone(),
        minute: w.minute,
        repeats: w.repeats,
        actor: w.actor.clone(),
        record: w.record.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_refusal_of_a_minute_is_written_and_the_rest_counted() {
        let log = SecurityLog::default();
        assert_eq!(
            log.note(
                "10.0.0.1",
                "token_refused",
                100,
                "anonymous",
                ("security", "/a")
            ),
            Decision::Write(vec![])
        );
        for _ in 0..999 {
            assert_eq!(
                log.note(
                    "10.0.0.1",
                    "token_refused",
                    100,
                    "anonymous",
                    ("security", "/b")
                ),
                Decision::Counted
            );
        }
        // Another source or kind has its own window.
        assert_eq!(
            log.note(
                "10.0.0.2",
                "token_refused",
                100,
                "anonymous",
                ("security", "/a")
            ),
            Decision::Write(vec![])
        );
        assert_eq!(
            log.note("10.0.0.1", "csrf_refused", 100, "u", ("security", "/a")),
            Decision::Write(vec![])
        );
        // The next minute writes the count of the last.
        let Decision::Write(earlier) = log.note(
            "10.0.0.1",
            "token_refused",
            101,
            "anonymous",
            ("security", "/c"),
        ) else {
            panic!("the first of a minute is written");
        };
        assert_eq!(earlier.len(), 1);
        assert_eq!(earlier[0].repeats, 999);
        assert_eq!(earlier[0].minute, 100);
        assert_eq!(earlier[0].record.1, "/b");
        log.note(
            "10.0.0.1",
            "token_refused",
            101,
            "anonymous",
            ("security", "/c"),
        );
        // The sweep takes what is over, and everything when stopping.
        assert!(log.sweep(Some(101)).is_empty());
        let all = log.sweep(None);
        assert_eq!(all.iter().map(|r| r.repeats).sum::<u64>(), 1);
        assert!(log.sweep(None).is_empty());
    }

    #[test]
    fn many_sources_share_one_window_beyond_the_limit() {
        let log = SecurityLog::default();
        for i in 0..MAX_SOURCES {
            log.note(
                &format!("s{i}"),
                "token_refused",
                1,
                "anonymous",
                ("security", "/"),
            );
        }
        assert_eq!(
            log.note("new-1", "token_refused", 1, "anonymous", ("security", "/")),
            Decision::Write(vec![])
        );
        assert_eq!(
            log.note("new-2", "token_refused", 1, "anonymous", ("security", "/")),
            Decision::Counted
        );
        let swept = log.sweep(None);
        assert_eq!(swept.len(), 1);
        assert_eq!(swept[0].source, "*");
    }
}
