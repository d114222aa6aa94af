//! Values each thread searches with its own clone of: the regexes searched once per document or line
//! (Chinese structures, furniture pattern sets, the label date).
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
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// Slots of the threads' clones: a value takes the first free one and frees it when dropped, so the
/// slots are as many as the values alive at once (a run makes a few dozen), however many a process
/// makes and drops (engines built one after another, say).
static NEXT_SLOT: AtomicUsize = AtomicUsize::new(0);
static FREE_SLOTS: Mutex<Vec<usize>> = Mutex::new(Vec::new());
/// What tells a slot's clone of a dropped value from a clone of the value that took the slot after
/// it: unique in the process.
static NEXT_GENERATION: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// This thread's clones, at the slot of the value they were cloned from, with its generation.
    /// A clone lives until its thread ends or another value of the slot is used on the thread (a
    /// run's threads are its workers; a clone is a few pointers and a pool).
    static CLONES: RefCell<Vec<Option<Slot>>> = const { RefCell::new(Vec::new()) };
}

/// A thread's clone of a value, with the value's generation.
type Slot = (u64, Rc<dyn Any>);

/// A value that each thread uses a clone of, made at the thread's first use.
#[derive(Debug)]
pub struct PerThread<T> {
    slot: usize,
    generation: u64,
    value: T,
}

impl<T: Clone + 'static> PerThread<T> {
    pub fn new(value: T) -> PerThread<T> {
        let free = FREE_SLOTS.lock().unwrap_or_else(|e| e.into_inner()).pop();
        PerThread {
            slot: free.unwrap_or_else(|| NEXT_SLOT.fetch_add(1, Ordering::Relaxed)),
            generation: NEXT_GENERATION.fetch_add(1, Ordering::Relaxed),
            value,
        }
    }

    /// Calls `use_clone` with this thread's clone of the value.
    pub fn with<R>(&self, use_clone: impl FnOnce(&T) -> R) -> R {
        // The slots are borrowed only to find the clone, so `use_clone` may use other values' clones.
        let clone = CLONES.with(|clones| {
            let mut clones = clones.borrow_mut();
            if clones.len() <= self.slot {
                clones.resize(self.slot + 1, None);
            }
            let slot = &mut clones[self.slot];
            match slot {
                Some((generation, clone)) if *generation == self.generation => Rc::clone(clone),
                _ => {
                    let clone: Rc<dyn Any> = Rc::new(self.value.clone());
                    *slot = Some((self.generation, Rc::clone(&clone)));
                    clone
                }
            }
        });
        use_clone(
            clone
                .downcast_ref::<T>()
                .expect("a slot's generation is one value's"),
        )
    }

    /// The value itself, as given: for tests and other uses on one thread, where no pool is shared.
    pub fn value(&self) -> &T {
        &self.value
    }
}

impl<T> Drop for PerThread<T> {
    fn drop(&mut self) {
        FREE_SLOTS
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(self.slot);
    }
}

/// A clone is a value of its own, with a slot and generation of its own.
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

    /// A dropped value's slot goes to a later value, whose use replaces the dropped one's clone: the
    /// slots stay as many as the values alive, and no value is given another's clone.
    #[test]
    fn a_slot_freed_by_a_dropped_value_serves_a_new_one() {
        // Other tests make values on other threads at the same time and may take the freed slot
        // first: tried until this test's value takes it.
        let reused = (0..1000).any(|attempt| {
            let first = PerThread::new(format!("value {attempt}"));
            first.with(|text| assert_eq!(text, first.value()));
            let slot = first.slot;
            drop(first);
            let later = PerThread::new(attempt);
            assert_eq!(later.with(|number| *number), attempt);
            later.slot == slot
        });
        assert!(reused);
    }
}
