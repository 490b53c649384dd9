//! Several processes opening a store that does not exist yet: each creates
//! or migrates it, and none fails because another got there first.

use pressroom_store::Store;
use std::sync::{Arc, Barrier};

#[test]
fn openers_racing_on_a_new_store_all_succeed() {
    const OPENERS: usize = 8;
    for round in 0..10 {
        let dir = tempfile::tempdir().unwrap();
        let path = Arc::new(dir.path().join("corpus/store.sqlite"));
        let start = Arc::new(Barrier::new(OPENERS));
        let openers: Vec<_> = (0..OPENERS)
            .map(|_| {
                let (path, start) = (Arc::clone(&path), Arc::clone(&start));
                // A connection per thread locks the file as a process would.
                std::thread::spawn(move || {
                    start.wait();
                    Store::open(&path).map(|_| ()).map_err(|e| e.to_string())
                })
            })
            .collect();
        for opener in openers {
            let result = opener.join().unwrap();
            assert!(result.is_ok(), "round {round}: {result:?}");
        }
        let store = Store::open_read_only(&path).unwrap();
        drop(store);
    }
}
