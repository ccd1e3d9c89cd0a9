//! Prints how long the embedded gazetteer takes to load (run with `--release`):
//! `cargo run --release -p marsad-gazetteer --example load_time`.

use std::time::Instant;

fn main() {
    let t = Instant::now();
    match marsad_gazetteer::Gazetteer::embedded() {
        Ok(g) => println!("embedded gazetteer: {} places in {:.2} ms", g.len(), t.elapsed().as_secs_f64() * 1e3),
        Err(e) => {
            eprintln!("load_time: {e}");
            std::process::exit(1);
        }
    }
}
