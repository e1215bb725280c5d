//! Ctrl-C (SIGINT) and SIGTERM while a command writes files: the temporary files of the
//! writes in progress are removed before the process ends, so an interrupted `check
//! --fix` or `import` leaves each file as it was, with nothing beside it.
//!
//! The signals are blocked in the main thread (and so in every thread it starts later)
//! and taken by one thread waiting in `sigwait`: the cleanup runs as ordinary code, not
//! in a signal handler. (rapporteur starts no child process; one started with Rust's
//! `Command` would get the signals unblocked, as it resets the mask.)

/// Installs the handler. Call before any other thread starts.
#[cfg(unix)]
pub fn install() {
    // SAFETY: plain libc calls on a zeroed, then initialised, signal set owned here.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGINT);
        libc::sigaddset(&mut set, libc::SIGTERM);
        if libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) != 0 {
            return;
        }
        let spawned = std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                let mut signal: libc::c_int = 0;
                if libc::sigwait(&set, &mut signal) == 0 {
                    rapporteur::write::remove_temporaries();
                    anstream::eprintln!(
                        "rapporteur: interrupted; files being written were left as they were"
                    );
                    std::process::exit(128 + signal);
                }
            });
        if spawned.is_err() {
            // No thread to take the signals: let them act as before.
            libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
        }
    }
}

#[cfg(not(unix))]
pub fn install() {}
