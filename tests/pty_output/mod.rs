//! The output side of a pseudo-terminal, shared by the pty harnesses
//! (tests/qari_pty, tests/terminal_pty): a thread reads everything the
//! child writes and hands it over in chunks.

use std::io::Read;
use std::sync::mpsc::{Receiver, channel};

/// Reads `reader` on a thread of its own until the child's side closes (or
/// the receiver is dropped); a read interrupted by a signal (EINTR) is
/// retried, not taken for the end of the output.
pub fn spawn_reader(mut reader: Box<dyn Read + Send>) -> Receiver<Vec<u8>> {
    let (tx, chunks) = channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        loop {
            match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    if tx.send(buf[..n].to_vec()).is_err() {
                        break;
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
    });
    chunks
}
