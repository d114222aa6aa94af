//! Values each thread searches with its own clone of: the regexes searched once per document or line
//! (enumeration markers, Chinese structures, furniture pattern sets, the label date).
//!
//! The regex crate keeps one pool of search caches per `Regex` (regex-automata's `meta::Regex` the
//! same). The first thread to search owns the pool's fast path, and marks the pool taken and free
//! again with an atomic at each of its searches; every other thread reads that atomic, a cache line
//! the owner keeps writing, and then locks a stack of caches. With two workers on records of a
//! sentence each, those searches were 5 % of the run's samples (the pool's slow path and the
//! functions its fast path is inlined in). The work-around its maintainer gives (rust-lang/regex
//! issue 934, pull request 1080) is a clone per thread: a clone shares the compiled regex and has a
//! pool of its own. Measured, interleaved: two cores 0.40 → 0.37 s on 300,000 one-line records and
//! 1.52 → 1.50 s on 200 MB of the generated corpus; one core 2.79 → 2.81 s on the latter (the lookup
//! of a thread's clone, about 30 instructions a search: 0.6 % more instructions).

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Ids of [`PerThread`] values, unique in the process.
static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// This thread's clones, at the id of the value they were cloned from (ids are dense: a run
    /// makes a few dozen values). A clone lives as long as its thread (a run's threads are its
    /// workers; a clone is a few pointers and a pool).
    static CLONES: RefCell<Vec<Option<Rc<dyn Any>>>> = const { RefCell::new(Vec::new()) };
}

/// A value that each thread uses a clone of, made at the thread's first use.
#[derive(Debug)]
pub struct PerThread<T> {
    id: usize,
    value: T,
}

impl<T: Clone + 'static> PerThread<T> {
    pub fn new(value: T) -> PerThread<T> {
        PerThread {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            value,
        }
    }

    /// Calls `use_clone` with this thread's clone of the value.
    pub fn with<R>(&self, use_clone: impl FnOnce(&T) -> R) -> R {
        // The map is borrowed only to find the clone, so `use_clone` may use other values' clones.
        let clone = CLONES.with(|clones| {
            let mut clones = clones.borrow_mut();
            if clones.len() <= self.id {
                clones.resize(self.id + 1, None);
            }
            Rc::clone(
                clones[self.id].get_or_insert_with(|| Rc::new(self.value.clone()) as Rc<dyn Any>),
            )
        });
        use_clone(
            clone
                .downcast_ref::<T>()
                .expect("an id is given to one value"),
        )
    }

    /// The value itself, as given (for what does not search: its pattern, say).
    pub fn value(&self) -> &T {
        &self.value
    }
}

/// A clone is a value of its own, with an id of its own.
impl<T: Clone + 'static> Clone for PerThread<T> {
    fn clone(&self) -> PerThread<T> {
        PerThread::new(self.value.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each thread gets a clone of its own, made once, and a use may nest another value's use.
    #[test]
    fn each_thread_uses_its_own_clone() {
        let counted = PerThread::new(std::sync::Arc::new(()));
        let other = PerThread::new(String::from("other"));
        // Where this thread's clone of the Arc is (the Rc's place), and the Arc's strong count.
        let uses = |value: &PerThread<std::sync::Arc<()>>| {
            value.with(|arc| {
                other.with(|text| assert_eq!(text, "other"));
                (
                    arc as *const std::sync::Arc<()> as usize,
                    std::sync::Arc::strong_count(arc),
                )
            })
        };
        let (here, count) = uses(&counted);
        assert_eq!(count, 2, "the original and this thread's clone");
        assert_eq!(
            uses(&counted),
            (here, 2),
            "the same clone on the same thread"
        );
        let (there, count) =
            std::thread::scope(|scope| scope.spawn(|| uses(&counted)).join().unwrap());
        assert_ne!(there, here, "another thread, another clone");
        assert_eq!(count, 3);
        // The other thread's clone was dropped with its thread.
        assert_eq!(std::sync::Arc::strong_count(counted.value()), 2);
    }
}
