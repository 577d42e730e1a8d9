//! The suite's benchmark: each member's process against the identity floor
//! (read the JSON, write the book back) on the exact JSON mdBook sends.
//!
//! Run with `cargo bench --bench suite` (or `scripts/bench`). It generates a
//! synthetic book (2,000 chapters by default; `DEEPDIVE_BENCH_CHAPTERS`
//! overrides; `DEEPDIVE_BENCH_KEEP=DIR` keeps the captured inputs for
//! profiling), captures mdBook's JSON with a recording preprocessor, and for
//! the book with metadata and directives, the same book without any, and a
//! 20,000-chapter book, prints per member: median time, ratio to the floor
//! (the median of the ratios of runs in the same round, which a noisy
//! machine disturbs less than a ratio of medians), peak memory and its ratio
//! to the input size; then each member on what the members before it hand
//! on in a build. Then it times `mdbook build` of the 2,000-chapter book
//! without preprocessors, with four identity preprocessors, with the suite's
//! output replayed, with the four members and with the all-in-one entry, in
//! interleaved rounds.
//!
//! This is a benchmark that reports numbers, not a timed test that fails.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use deepdive_core::registry::{ALL_IN_ONE, MEMBERS};

const RUNS: usize = 21;

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn mdbook() -> PathBuf {
    let tools = std::env::var("DEEPDIVE_TOOLS").map_or_else(
        |_| PathBuf::from(std::env::var("HOME").expect("HOME")).join(".local/deepdive-tools"),
        PathBuf::from,
    );
    tools.join("mdbook-0.5.4/bin/mdbook")
}

/// One synthetic chapter: front matter, prose, a table, code holding
/// directive-like text, and (every third chapter) real directives.
fn chapter(i: usize, with_metadata: bool) -> String {
    let mut text = String::new();
    if with_metadata {
        let status = ["done", "skeleton", "in-progress", "review"][i % 4];
        let _ = write!(
            text,
            "---\ntitle: \"Investigation {i}: cache | queue <fan-out>\"\nsummary: \"What happens to service {i} under load\"\nfocus: \"Redis Pub/Sub, batching, back-pressure\"\ntags: [redis, kafka, t{}]\ncategories: [\"deep-dives\"]\nstatus: {status}\ndate: 2026-0{}-1{}\ndifficulty: advanced\n---\n",
            i % 17,
            1 + i % 9,
            i % 10
        );
    }
    let _ = write!(text, "# Investigation {i}\n\n");
    for paragraph in 0..10 {
        let _ = write!(
            text,
            "Paragraph {paragraph} of chapter {i}: the broadcast path writes to the database first, then publishes the message id on a Redis channel; every gateway node subscribed to the channel fetches the payload and fans it out to its local WebSocket sessions. *Latency* stays under 40 ms at p99 for 10k messages per second.\n\n"
        );
    }
    text.push_str("| Scenario | p50 | p99 |\n| --- | --- | --- |\n| baseline | 4 ms | 38 ms |\n| 10x load | 9 ms | 120 ms |\n\n");
    // Directive-like text in code, which every member must leave alone; the
    // plain book has no `{{#` at all.
    let example = if with_metadata {
        "{{#status done}}"
    } else {
        "status: done"
    };
    let _ = write!(
        text,
        "```yaml\n# an example, not a directive: {example}\nreplicas: 3\n```\n\n"
    );
    let _ = write!(text, "    indented code: {example}\n\n");
    if with_metadata && i.is_multiple_of(3) {
        text.push_str("Current state: {{#status done}}\n\n{{#review-checklist}}\n\n");
    }
    if with_metadata && i == 0 {
        text.push_str("{{#investigation-index}}\n\n");
    }
    text.push_str("## Failure Modes & Blast Radius\n\nA gateway crash drops its sessions; clients reconnect with jitter within 5 s.\n");
    text
}

/// Writes a book of `chapters` chapters under `dir` and returns its root.
fn write_book(dir: &Path, chapters: usize, with_metadata: bool) -> PathBuf {
    let src = dir.join("src/deep-dives");
    std::fs::create_dir_all(&src).unwrap();
    let mut summary = String::from("# Summary\n\n");
    for i in 0..chapters {
        let name = format!("{i:05}-investigation.md");
        std::fs::write(src.join(&name), chapter(i, with_metadata)).unwrap();
        let _ = writeln!(summary, "- [Investigation {i}](deep-dives/{name})");
    }
    std::fs::write(dir.join("src/SUMMARY.md"), summary).unwrap();
    dir.to_path_buf()
}

/// Which preprocessors a benchmark book lists.
#[derive(Clone, Copy)]
enum Listed {
    Nothing,
    /// Four copies of the identity floor: what mdBook's protocol alone costs.
    Identities,
    Suite,
    /// The all-in-one entry: the four members in one process.
    AllInOne,
    /// One preprocessor that answers at once with the book the suite makes
    /// (`book.json` in the book's root): what rendering the suite's output
    /// costs, without the suite.
    Replay,
}

fn suite_toml(listed: Listed) -> String {
    let mut toml =
        String::from("[book]\ntitle = \"Bench\"\n\n[output.html]\nsearch.enable = true\n\n");
    let mut previous = "links".to_owned();
    match listed {
        Listed::Replay => {
            toml.push_str(
                "[preprocessor.replay]\ncommand = \"sh -c 'cat > /dev/null; cat book.json'\"\n",
            );
            return toml;
        }
        Listed::AllInOne => {
            let _ = write!(toml, "[preprocessor.{ALL_IN_ONE}]\nafter = [\"links\"]\n");
            return toml;
        }
        Listed::Nothing | Listed::Identities | Listed::Suite => {}
    }
    for (i, member) in MEMBERS.iter().enumerate() {
        let (table, command) = match listed {
            Listed::Nothing | Listed::Replay | Listed::AllInOne => break,
            Listed::Identities => (
                format!("identity-{i}"),
                format!("command = \"{}\"\n", bin("deepdive-identity").display()),
            ),
            Listed::Suite => ((*member).to_owned(), String::new()),
        };
        let _ = write!(
            toml,
            "[preprocessor.{table}]\n{command}after = [\"{previous}\"]\n\n"
        );
        previous = table;
    }
    toml
}

/// The JSON mdBook 0.5 sends for the book at `root` (with the suite's tables
/// in its config, so members see their real configuration).
fn capture(root: &Path) -> Vec<u8> {
    let out = root.join("captured.json");
    let script = root.join("capture.sh");
    std::fs::write(
        &script,
        format!(
            "[ \"$1\" = supports ] && exit 0\ncat > '{}'\nexit 1\n",
            out.display()
        ),
    )
    .unwrap();
    // The members are listed (so their tables are in the config) but run for
    // no renderer; the capture runs where the last member would.
    let toml = format!(
        "{}[preprocessor.zz-capture]\ncommand = \"sh {}\"\nafter = [\"deepdive-review\", \"links\"]\n",
        suite_toml(Listed::Suite).replace("after = [", "renderers = [\"none\"]\nafter = ["),
        script.display()
    );
    std::fs::write(root.join("book.toml"), toml).unwrap();
    let _ = Command::new(mdbook())
        .arg("build")
        .current_dir(root)
        .output()
        .unwrap();
    let input = std::fs::read(&out).expect("captured JSON");
    // The members must see a config without the capture entry and with
    // themselves running for html, as in a real build.
    let text = String::from_utf8(input).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let preprocessors = value[0]["config"]["preprocessor"].as_object_mut().unwrap();
    preprocessors.remove("zz-capture");
    for table in preprocessors.values_mut() {
        table.as_object_mut().unwrap().remove("renderers");
    }
    serde_json::to_vec(&value).unwrap()
}

struct Measure {
    median: Duration,
    /// The median over rounds of this program's time over the first
    /// program's (the floor's) in the same round.
    ratio: f64,
    peak_kib: i64,
}

/// Runs every program of `programs` with `input` on stdin, `RUNS` rounds of
/// one run each, so a noisy moment of the machine falls on one round rather
/// than on one program: per program, the median wall time, the median of
/// its per-round ratios to the first program, and the largest peak resident
/// memory.
fn measure(programs: &[PathBuf], input: &Path) -> Vec<Measure> {
    let mut runs: Vec<Vec<(Duration, i64)>> = vec![Vec::new(); programs.len()];
    for _ in 0..RUNS {
        for (program, runs) in programs.iter().zip(&mut runs) {
            runs.push(measured_run(program, input));
        }
    }
    let floor: Vec<f64> = runs[0].iter().map(|r| r.0.as_secs_f64()).collect();
    runs.iter()
        .map(|runs| {
            let mut times: Vec<Duration> = runs.iter().map(|r| r.0).collect();
            times.sort();
            let mut ratios: Vec<f64> = runs
                .iter()
                .zip(&floor)
                .map(|(run, floor)| run.0.as_secs_f64() / floor)
                .collect();
            ratios.sort_by(f64::total_cmp);
            Measure {
                median: times[RUNS / 2],
                ratio: ratios[RUNS / 2],
                peak_kib: runs.iter().map(|r| r.1).max().unwrap_or(0),
            }
        })
        .collect()
}

/// One run of `program`, started by a fresh copy of this benchmark (see
/// [`measure_child`]): its wall time and peak resident memory.
fn measured_run(program: &Path, input: &Path) -> (Duration, i64) {
    let output = Command::new(std::env::current_exe().unwrap())
        .arg(MEASURE_CHILD)
        .arg(program)
        .arg(input)
        .output()
        .unwrap();
    let report = String::from_utf8(output.stdout).unwrap();
    let (nanos, kib) = report
        .trim()
        .split_once(' ')
        .unwrap_or_else(|| panic!("{} failed", program.display()));
    (
        Duration::from_nanos(nanos.parse().unwrap()),
        kib.parse().unwrap(),
    )
}

/// The argument that makes this benchmark measure one run of a program.
const MEASURE_CHILD: &str = "--measure-child";

/// Runs `program < input` and prints its wall time (ns) and peak resident
/// memory (KiB, from `wait4`). This runs in a process of its own because a
/// child's peak memory counts its parent's at the moment of the fork: started
/// from the benchmark, which holds the book, every program would seem to
/// use as much memory as the benchmark.
fn measure_child(program: &Path, input: &Path) {
    let stdin = std::fs::File::open(input).unwrap();
    let start = Instant::now();
    #[allow(clippy::zombie_processes)] // reaped by `wait4` below
    let child = Command::new(program)
        .stdin(Stdio::from(stdin))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (status, usage) = wait_with_usage(&child);
    let elapsed = start.elapsed();
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{} failed",
        program.display()
    );
    println!("{} {}", elapsed.as_nanos(), usage.ru_maxrss);
}

fn bin(name: &str) -> PathBuf {
    repo_root().join("target/release").join(name)
}

struct Row {
    member: String,
    ms: f64,
    ratio: f64,
    peak_mib: f64,
    memory_ratio: f64,
}

#[allow(
    clippy::cast_precision_loss,
    reason = "bytes and KiB of one run, far below 2^52"
)]
fn bench_input(label: &str, chapters: usize, with_metadata: bool) -> (Vec<Row>, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let root = write_book(dir.path(), chapters, with_metadata);
    let input = capture(&root);
    let input_path = root.join("input.json");
    std::fs::write(&input_path, &input).unwrap();
    // For profiling (`perf record target/release/mdbook-deepdive-status < FILE`).
    if let Ok(keep) = std::env::var("DEEPDIVE_BENCH_KEEP") {
        let name = format!(
            "{chapters}-{}.json",
            if with_metadata { "full" } else { "plain" }
        );
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::copy(&input_path, Path::new(&keep).join(name)).unwrap();
    }
    let size = input.len() as f64;
    // The all-in-one program reads the same input: with the members' own
    // tables, it runs each as its table says.
    let mut programs = vec![bin("deepdive-identity")];
    programs.extend(
        MEMBERS
            .iter()
            .chain([&ALL_IN_ONE])
            .map(|m| bin(&format!("mdbook-{m}"))),
    );
    let measures = measure(&programs, &input_path);
    let names = std::iter::once("identity (floor)")
        .chain(MEMBERS)
        .chain(["deepdive (all four in one process)"]);
    let rows: Vec<Row> = names
        .zip(&measures)
        .map(|(member, m)| Row {
            member: member.into(),
            ms: m.median.as_secs_f64() * 1e3,
            ratio: m.ratio,
            peak_mib: m.peak_kib as f64 / 1024.0,
            memory_ratio: m.peak_kib as f64 * 1024.0 / size,
        })
        .collect();
    println!(
        "\n{label}: {chapters} chapters, {:.1} MB of JSON",
        size / 1e6
    );
    println!("| member | median ms | × floor (median of rounds) | peak MiB | peak / input |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    for row in &rows {
        println!(
            "| {} | {:.1} | {:.2} | {:.1} | {:.2} |",
            row.member, row.ms, row.ratio, row.peak_mib, row.memory_ratio
        );
    }
    (rows, input)
}

/// Rounds of `mdbook build` per configuration (`DEEPDIVE_BENCH_BUILD_ROUNDS`
/// overrides); a build of the 2,000-chapter book takes about ten seconds.
fn build_rounds() -> usize {
    std::env::var("DEEPDIVE_BENCH_BUILD_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5)
}

/// One `mdbook build` of the book at `root` as `listed`: wall time and the
/// CPU time of mdBook and everything it ran (`wait4` counts the children it
/// reaped, the preprocessors among them).
#[allow(
    clippy::cast_precision_loss,
    reason = "seconds and microseconds of a build, far below 2^52"
)]
fn mdbook_build(root: &Path, listed: Listed) -> (f64, f64) {
    std::fs::write(root.join("book.toml"), suite_toml(listed)).unwrap();
    let path = format!(
        "{}:{}",
        repo_root().join("target/release").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let start = Instant::now();
    #[allow(clippy::zombie_processes)] // reaped by `wait4` below
    let child = Command::new(mdbook())
        .arg("build")
        .current_dir(root)
        .env("PATH", &path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (status, usage) = wait_with_usage(&child);
    let wall = start.elapsed().as_secs_f64();
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "mdbook build failed"
    );
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    (wall, seconds(usage.ru_utime) + seconds(usage.ru_stime))
}

/// Waits for `child` with `wait4`: its exit status and resource usage.
#[allow(
    unsafe_code,
    reason = "wait4 is the only way to a child's peak memory and CPU time; std has no rusage"
)]
fn wait_with_usage(child: &std::process::Child) -> (i32, libc::rusage) {
    let mut status = 0;
    let pid = libc::pid_t::try_from(child.id()).expect("a pid fits pid_t");
    // SAFETY: `rusage` is plain data; `wait4` reaps exactly this child,
    // which `Child` never waits for afterwards.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &raw mut status, 0, &raw mut usage) };
    assert_eq!(waited, pid);
    (status, usage)
}

/// What `listed` adds to `mdbook build` of the book at `root`:
/// [`build_rounds`] rounds, each building once per configuration (the first
/// is the baseline), so a slow moment of the machine falls on one round.
/// Per configuration: the median wall time, and the medians of its
/// same-round ratios to the baseline in wall and in CPU time.
fn measure_builds(root: &Path, listed: &[Listed]) -> Vec<(f64, f64, f64)> {
    let mut runs = vec![Vec::new(); listed.len()];
    for _ in 0..build_rounds() {
        for (listed, runs) in listed.iter().zip(&mut runs) {
            runs.push(mdbook_build(root, *listed));
        }
    }
    let median = |mut values: Vec<f64>| {
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    let baseline = runs[0].clone();
    runs.iter()
        .map(|runs| {
            let ratio = |pick: fn(&(f64, f64)) -> f64| {
                median(
                    runs.iter()
                        .zip(&baseline)
                        .map(|(run, base)| pick(run) / pick(base))
                        .collect(),
                )
            };
            (
                median(runs.iter().map(|run| run.0).collect()),
                ratio(|run| run.0),
                ratio(|run| run.1),
            )
        })
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, program, input] = args.as_slice()
        && flag == MEASURE_CHILD
    {
        measure_child(Path::new(program), Path::new(input));
        return;
    }
    // `cargo bench` passes `--bench`; nothing else is accepted.
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(repo_root())
        .args(["build", "--quiet", "--release", "--workspace", "--bins"])
        .status()
        .unwrap();
    assert!(status.success());
    let chapters: usize = std::env::var("DEEPDIVE_BENCH_CHAPTERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000);

    let (full, full_input) = bench_input("Book with front matter and directives", chapters, true);
    bench_input("Book with no front matter and no `{{#`", chapters, false);
    let (large, _) = bench_input("Ten times larger book", chapters * 10, true);
    println!(
        "\nGrowth from {chapters} to {} chapters (time × , target ≤ 11):",
        chapters * 10
    );
    for (small, big) in full.iter().zip(&large) {
        println!("  {}: {:.2}", small.member, big.ms / small.ms);
    }

    // This book lives in memory where it can: `mdbook build` writes 2,000
    // pages, and on disk the kernel's writeback becomes part of the timing,
    // with more noise than what is measured.
    let dir = tempfile::Builder::new()
        .tempdir_in("/dev/shm")
        .or_else(|_| tempfile::tempdir())
        .unwrap();
    let root = write_book(dir.path(), chapters, true);
    std::fs::write(root.join("book.toml"), suite_toml(Listed::Suite)).unwrap();
    for member in MEMBERS {
        let start = Instant::now();
        let output = Command::new(bin(&format!("mdbook-{member}")))
            .args(["check", "--book"])
            .arg(&root)
            .output()
            .unwrap();
        assert!(output.status.code().is_some(), "{member} check crashed");
        println!(
            "`mdbook-{member} check` of the {chapters}-chapter book: {:.0} ms (target < 1000)",
            start.elapsed().as_secs_f64() * 1e3
        );
    }
    let (inputs, output) = pipeline(&full_input);
    let parse = |json: &[u8]| serde_json::from_slice::<serde_json::Value>(json).unwrap();
    assert!(
        parse(&run_on(ALL_IN_ONE, full_input.clone())) == parse(&output),
        "the all-in-one program makes the book the four members make"
    );
    bench_pipeline(&root, &inputs);
    std::fs::write(root.join("book.json"), output).unwrap();
    let configurations = [
        (Listed::Nothing, "no preprocessors"),
        (
            Listed::Identities,
            "four identity preprocessors (mdBook's protocol alone)",
        ),
        (
            Listed::Replay,
            "the suite's output, replayed (rendering what the suite adds)",
        ),
        (Listed::Suite, "the four members"),
        (
            Listed::AllInOne,
            "the four members in one process ([preprocessor.deepdive])",
        ),
    ];
    let listed: Vec<Listed> = configurations.iter().map(|c| c.0).collect();
    let builds = measure_builds(&root, &listed);
    println!(
        "\n`mdbook build` of the {chapters}-chapter book ({} rounds; median time, and \
         the median of same-round ratios to the build without preprocessors):",
        build_rounds()
    );
    for ((_, label), (wall, wall_ratio, cpu_ratio)) in configurations.iter().zip(&builds) {
        println!(
            "  {label}: {wall:.2} s; {:+.1}% wall, {:+.1}% CPU",
            (wall_ratio - 1.0) * 100.0,
            (cpu_ratio - 1.0) * 100.0
        );
    }
    // What the suite's own code costs in that build: the four processes'
    // medians from the first table, beside the build without preprocessors.
    let members_seconds: f64 = full[1..=MEMBERS.len()].iter().map(|row| row.ms / 1e3).sum();
    let all_in_one_seconds = full[MEMBERS.len() + 1].ms / 1e3;
    for (label, seconds) in [
        ("the members' own processes", members_seconds),
        ("the all-in-one process", all_in_one_seconds),
    ] {
        println!(
            "  {label}: {seconds:.2} s ({:.1}% of the build without preprocessors)",
            seconds / builds[0].0 * 100.0
        );
    }
}

/// The four members run one after the other on `input`, as mdBook runs
/// them: the JSON each one is sent, and the book the last one makes.
fn pipeline(input: &[u8]) -> (Vec<Vec<u8>>, Vec<u8>) {
    let (context, mut book): (serde_json::Value, serde_json::Value) =
        serde_json::from_slice(input).unwrap();
    let mut inputs = Vec::new();
    for member in MEMBERS {
        let stdin = serde_json::to_vec(&(&context, &book)).unwrap();
        inputs.push(stdin.clone());
        book = serde_json::from_slice(&run_on(member, stdin)).unwrap();
    }
    (inputs, serde_json::to_vec(&book).unwrap())
}

/// The book `mdbook-{name}` writes for `stdin`.
fn run_on(name: &str, stdin: Vec<u8>) -> Vec<u8> {
    let mut child = Command::new(bin(&format!("mdbook-{name}")))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || std::io::Write::write_all(&mut pipe, &stdin));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(
        output.status.success(),
        "{name} failed on the benchmark book"
    );
    output.stdout
}

/// Each member on the JSON it is sent in a build, after the members before
/// it (the badge lines, the index table), against the floor on that JSON.
fn bench_pipeline(dir: &Path, inputs: &[Vec<u8>]) {
    println!("\nIn a build's order, each member on what the members before it hand on:");
    println!("| member | median ms | × floor on the same input |");
    println!("| --- | ---: | ---: |");
    for (member, input) in MEMBERS.iter().zip(inputs) {
        let path = dir.join(format!("{member}-input.json"));
        std::fs::write(&path, input).unwrap();
        let programs = [bin("deepdive-identity"), bin(&format!("mdbook-{member}"))];
        let measures = measure(&programs, &path);
        println!(
            "| {member} | {:.1} | {:.2} |",
            measures[1].median.as_secs_f64() * 1e3,
            measures[1].ratio
        );
    }
}
