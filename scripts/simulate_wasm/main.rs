fn main() {
    for lognormal in [false, true] {
        let t = std::time::Instant::now();
        let h = simulate_wasm_check::checksum(10, lognormal);
        println!(
            "native lognormal={lognormal} checksum={h:016x} seconds={:.3}",
            t.elapsed().as_secs_f64()
        );
    }
}
