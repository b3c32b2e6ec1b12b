//! Row counts of a book measured on a worker thread, so that opening or
//! resizing it shows the visible part at once and the scrollbar, the
//! percentage and the reading time become exact a moment later without
//! ever blocking a key.

use crate::doc::Pages;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

/// What the worker reports.
#[derive(Debug)]
enum Report {
    /// Row counts of the units from `first` on.
    Counts { first: usize, rows: Vec<u32> },
    /// Words in the article (for the reading time).
    Words(usize),
}

/// A measuring worker; dropping it stops the worker.
#[derive(Debug)]
pub struct Measuring {
    reports: Receiver<Report>,
    stop: Arc<AtomicBool>,
    done: bool,
}

/// How often the worker reports, so the scrollbar refines smoothly while
/// the main thread is never flooded.
const REPORT_EVERY: Duration = Duration::from_millis(40);

impl Measuring {
    /// Starts measuring every unit of `pages` (and counting words if
    /// `count_words`).
    pub fn start(pages: &Pages, count_words: bool) -> Measuring {
        let measurer = pages.measurer();
        let stop = Arc::new(AtomicBool::new(false));
        let (tx, reports) = channel();
        let stopped = Arc::clone(&stop);
        std::thread::spawn(move || {
            lower_priority();
            let mut first = 0;
            let mut rows = Vec::new();
            let mut sent = Instant::now();
            for i in 0..measurer.len() {
                if stopped.load(Ordering::Relaxed) {
                    return;
                }
                rows.push(measurer.rows(i).min(u32::MAX as usize) as u32);
                if sent.elapsed() >= REPORT_EVERY {
                    let batch = std::mem::take(&mut rows);
                    if tx.send(Report::Counts { first, rows: batch }).is_err() {
                        return;
                    }
                    first = i + 1;
                    sent = Instant::now();
                }
            }
            let _ = tx.send(Report::Counts { first, rows });
            if count_words {
                let _ = tx.send(Report::Words(article_words(measurer.article())));
            }
        });
        Measuring {
            reports,
            stop,
            done: false,
        }
    }

    /// Applies what the worker reported so far to `pages` and `words`;
    /// true if anything changed.
    pub fn absorb(&mut self, pages: &mut Pages, words: &mut Option<usize>) -> bool {
        let mut changed = false;
        loop {
            match self.reports.try_recv() {
                Ok(Report::Counts { first, rows }) => {
                    for (i, n) in rows.into_iter().enumerate() {
                        pages.set_count(first + i, n as usize);
                    }
                    changed = true;
                }
                Ok(Report::Words(n)) => {
                    *words = Some(n);
                    changed = true;
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.done = true;
                    break;
                }
            }
        }
        changed
    }

    /// True once the worker has finished and everything is absorbed.
    pub fn is_done(&self) -> bool {
        self.done
    }
}

impl Drop for Measuring {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Measuring yields to the thread that answers keys: on Linux a thread
/// has its own nice value, and 10 puts the worker behind the reader when the
/// cores are busy. Best effort.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    {
        let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), 10);
    }
}

/// Words of the whole article: whitespace-separated runs in every text.
pub fn article_words(article: &crate::model::Article) -> usize {
    crate::model::walk::strs(crate::model::walk::texts(article))
        .map(|s| s.split_whitespace().count())
        .sum()
}
