//! The deadline of the request a thread is computing, so that a search past its time
//! stops its work (and frees its place among the requests computing at once) rather
//! than only losing its answer.
//!
//! The HTTP layer sets the deadline on the thread that computes a request; a search
//! reads it once, on that thread, and carries it into the collectors that visit
//! documents, which may run on other threads.

use std::cell::Cell;
use std::time::Instant;

thread_local! {
    static CURRENT: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// The message of the error a search stops with when its deadline has passed.
pub(crate) const DEADLINE_PASSED: &str = "the request's deadline has passed";

/// When the work of a request must stop (`None`: never).
#[derive(Debug, Clone, Copy, Default)]
pub struct Deadline(Option<Instant>);

impl Deadline {
    /// The deadline of the request this thread computes.
    pub fn current() -> Deadline {
        Deadline(CURRENT.with(Cell::get))
    }

    /// Whether the deadline has passed.
    pub fn has_passed(self) -> bool {
        self.0.is_some_and(|at| Instant::now() >= at)
    }

    /// An error once the deadline has passed, to stop a visit of documents.
    pub fn check(self) -> tantivy::Result<()> {
        if self.has_passed() {
            return Err(tantivy::TantivyError::InternalError(
                DEADLINE_PASSED.to_string(),
            ));
        }
        Ok(())
    }
}

/// Sets the deadline of the request this thread computes, until the guard is dropped.
pub fn set_deadline(at: Instant) -> DeadlineGuard {
    let previous = CURRENT.with(|current| current.replace(Some(at)));
    DeadlineGuard { previous }
}

/// Restores the thread's previous deadline when dropped (threads of a pool are reused).
pub struct DeadlineGuard {
    previous: Option<Instant>,
}

impl Drop for DeadlineGuard {
    fn drop(&mut self) {
        CURRENT.with(|current| current.set(self.previous));
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_deadline_holds_on_its_thread_until_its_guard_drops() {
        assert!(!Deadline::current().has_passed());
        {
            let _guard = set_deadline(Instant::now() - Duration::from_millis(1));
            assert!(Deadline::current().has_passed());
            assert!(Deadline::current().check().is_err());
            let other_thread = std::thread::spawn(|| Deadline::current().has_passed());
            assert!(!other_thread.join().expect("thread"));
        }
        assert!(!Deadline::current().has_passed());
        let _guard = set_deadline(Instant::now() + Duration::from_secs(3600));
        assert!(Deadline::current().check().is_ok());
    }
}
