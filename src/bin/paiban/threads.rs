//! Independent searches of a portfolio on threads, one each, results in member order (the
//! engine stays single threaded; `roster --workers` and `plan --workers` run its members here).

use paiban::Error;

/// Run `member(0..members)` on one thread each; a member that panics is an error naming
/// `--workers`.
pub fn on_threads<T: Send>(
    members: usize,
    member: &(dyn Fn(usize) -> Result<T, Error> + Sync),
) -> Vec<Result<T, Error>> {
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..members).map(|i| s.spawn(move || member(i))).collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(Error::invalid(
                        "workers",
                        "a search that completes",
                        "a panic",
                    ))
                })
            })
            .collect()
    })
}
