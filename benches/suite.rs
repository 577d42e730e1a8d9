//! The suite's benchmark: each member's process against the identity floor
//! (read the JSON and write the book back with `serde_json`, see
//! `identity.rs`) on the exact JSON mdBook sends, and against the floor
//! written by the suite's own JSON writer.
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

#![allow(
    clippy::cast_precision_loss,
    reason = "times, byte counts and KiB of runs, far below 2^52"
)]

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use deepdive_core::registry::{ALL_IN_ONE, MEMBERS};

mod books;
use books::Shape;

/// A benchmark book: the shape of its chapters, and whether they carry
/// front matter and directives.
#[derive(Clone, Copy)]
struct Book {
    shape: Shape,
    with_metadata: bool,
}

/// Rounds per program on the 2,000-chapter books (fewer on the larger ones,
/// whose runs take ten times longer and vary less).
const RUNS: usize = 21;
const LARGE_RUNS: usize = 11;

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

/// Writes a book of `chapters` chapters under `dir` and returns its root.
fn write_book(dir: &Path, chapters: usize, book: Book) -> PathBuf {
    let src = dir.join("src/deep-dives");
    std::fs::create_dir_all(&src).unwrap();
    let mut summary = String::from("# Summary\n\n");
    for i in 0..chapters {
        let name = format!("{i:05}-investigation.md");
        std::fs::write(
            src.join(&name),
            books::chapter(book.shape, i, book.with_metadata),
        )
        .unwrap();
        let _ = writeln!(summary, "- [Investigation {i}](deep-dives/{name})");
    }
    std::fs::write(dir.join("src/SUMMARY.md"), summary).unwrap();
    dir.to_path_buf()
}

/// Which preprocessors a benchmark book lists.
#[derive(Clone, Copy)]
enum Listed {
    Nothing,
    /// The four members, four entries.
    Suite,
    /// The all-in-one entry: the four members in one process.
    AllInOne,
}

/// The book's `book.toml` listing `listed`; with `timed` (a folder of
/// links to this benchmark named as the suite's programs, see
/// [`timed_child`]), each suite program runs timed.
fn suite_toml(listed: Listed, timed: Option<&Path>) -> String {
    let mut toml =
        String::from("[book]\ntitle = \"Bench\"\n\n[output.html]\nsearch.enable = true\n\n");
    let command = |program: &str| match timed {
        Some(folder) => format!("command = \"{}\"\n", folder.join(program).display()),
        None => String::new(),
    };
    match listed {
        Listed::Nothing => {}
        Listed::AllInOne => {
            let _ = write!(
                toml,
                "[preprocessor.{ALL_IN_ONE}]\n{}after = [\"links\"]\n",
                command(&format!("mdbook-{ALL_IN_ONE}"))
            );
        }
        Listed::Suite => {
            let mut previous = "links";
            for member in MEMBERS {
                let _ = write!(
                    toml,
                    "[preprocessor.{member}]\n{}after = [\"{previous}\"]\n\n",
                    command(&format!("mdbook-{member}"))
                );
                previous = member;
            }
        }
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
        suite_toml(Listed::Suite, None).replace("after = [", "renderers = [\"none\"]\nafter = ["),
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
    /// The same over the second program's.
    ratio_to_second: f64,
    peak_kib: i64,
}

/// Runs every program of `programs` with `input` on stdin, `rounds` rounds of
/// one run each, so a noisy moment of the machine falls on one round rather
/// than on one program: per program, the median wall time, the median of
/// its per-round ratios to the first program, and the largest peak resident
/// memory.
fn measure(programs: &[Program], input: &Path, rounds: usize) -> Vec<Measure> {
    let mut runs: Vec<Vec<(Duration, i64)>> = vec![Vec::new(); programs.len()];
    for _ in 0..rounds {
        for (program, runs) in programs.iter().zip(&mut runs) {
            runs.push(measured_run(program, input));
        }
    }
    let median_ratio = |runs: &[(Duration, i64)], to: &[(Duration, i64)]| {
        let mut ratios: Vec<f64> = (runs.iter().zip(to))
            .map(|(run, floor)| run.0.as_secs_f64() / floor.0.as_secs_f64())
            .collect();
        ratios.sort_by(f64::total_cmp);
        ratios[rounds / 2]
    };
    runs.iter()
        .map(|program| {
            let mut times: Vec<Duration> = program.iter().map(|r| r.0).collect();
            times.sort();
            Measure {
                median: times[rounds / 2],
                ratio: median_ratio(program, &runs[0]),
                ratio_to_second: median_ratio(program, runs.get(1).unwrap_or(&runs[0])),
                peak_kib: program.iter().map(|r| r.1).max().unwrap_or(0),
            }
        })
        .collect()
}

/// One run of `program`, started by a fresh copy of this benchmark (see
/// [`measure_child`]): its wall time and peak resident memory.
fn measured_run(program: &Program, input: &Path) -> (Duration, i64) {
    let output = Command::new(std::env::current_exe().unwrap())
        .arg(MEASURE_CHILD)
        .arg(&program.path)
        .arg(input)
        .envs(program.env)
        .output()
        .unwrap();
    let report = String::from_utf8(output.stdout).unwrap();
    let (nanos, kib) = report
        .trim()
        .split_once(' ')
        .unwrap_or_else(|| panic!("{} failed", program.path.display()));
    (
        Duration::from_nanos(nanos.parse().unwrap()),
        kib.parse().unwrap(),
    )
}

/// A program to time, and what its environment adds.
struct Program {
    path: PathBuf,
    env: Option<(&'static str, &'static str)>,
}

impl Program {
    fn new(path: PathBuf) -> Self {
        Program { path, env: None }
    }
}

/// The floor's switch to the suite's JSON writer, for the row that shows
/// what that writer saves against `serde_json`'s.
const SUITE_WRITER: (&str, &str) = ("DEEPDIVE_IDENTITY_WRITER", "1");

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

/// The variable naming the file [`timed_child`] adds CPU times to.
const CPU_LOG: &str = "DEEPDIVE_BENCH_CPU_LOG";

/// Started through a link named as a suite program (`mdbook-deepdive-status`:
/// the name the suite recognises its members by in `book.toml`), runs that
/// program of `target/release` with this process's standard streams (so
/// mdBook talks to it directly), then appends the CPU time it took, in
/// seconds, to the file [`CPU_LOG`] names, and exits as it did: how the
/// benchmark tells the suite's share of a build's CPU time.
fn timed_child(program: &str, args: &[String]) -> ! {
    #[allow(clippy::zombie_processes)] // reaped by `wait4` below
    let child = Command::new(bin(program)).args(args).spawn().unwrap();
    let (status, usage) = wait_with_usage(&child);
    let log = std::env::var(CPU_LOG).expect(CPU_LOG);
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .unwrap();
    let _ = writeln!(file, "{}", cpu_seconds(&usage));
    std::process::exit(if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        1
    });
}

/// A folder under `root` of links to this benchmark named as the suite's
/// programs, for [`suite_toml`]'s timed builds.
fn timed_programs(root: &Path) -> PathBuf {
    let folder = root.join("timed");
    std::fs::create_dir_all(&folder).unwrap();
    let exe = std::env::current_exe().unwrap();
    for program in MEMBERS.iter().chain([&ALL_IN_ONE]) {
        let link = folder.join(format!("mdbook-{program}"));
        if !link.exists() {
            std::os::unix::fs::symlink(&exe, link).unwrap();
        }
    }
    folder
}

fn cpu_seconds(usage: &libc::rusage) -> f64 {
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// The file name a book's captured JSON is kept under.
fn input_name(chapters: usize, book: Book) -> String {
    format!(
        "{chapters}-{}-{}.json",
        match book.shape {
            Shape::Synthetic => "synthetic",
            Shape::Seeded => "seeded",
        },
        if book.with_metadata { "full" } else { "plain" }
    )
}

struct Row {
    member: String,
    ms: f64,
    ratio: f64,
    ratio_to_suite_writer: f64,
    peak_mib: f64,
    memory_ratio: f64,
}

/// Captures the JSON mdBook sends for `book` of `chapters` chapters and
/// measures every member and the all-in-one program on it: the table rows
/// (the floor first) and the input.
fn bench_input(label: &str, chapters: usize, book: Book, rounds: usize) -> (Vec<Row>, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let root = write_book(dir.path(), chapters, book);
    let input = capture(&root);
    let input_path = root.join("input.json");
    std::fs::write(&input_path, &input).unwrap();
    // For profiling (`valgrind --tool=callgrind target/release/mdbook-deepdive < FILE`).
    if let Ok(keep) = std::env::var("DEEPDIVE_BENCH_KEEP") {
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::copy(
            &input_path,
            Path::new(&keep).join(input_name(chapters, book)),
        )
        .unwrap();
    }
    let size = input.len() as f64;
    // The all-in-one program reads the same input: with the members' own
    // tables, it runs each as its table says.
    let mut programs = vec![
        Program::new(bin("deepdive-identity")),
        Program {
            path: bin("deepdive-identity"),
            env: Some(SUITE_WRITER),
        },
    ];
    programs.extend(
        MEMBERS
            .iter()
            .chain([&ALL_IN_ONE])
            .map(|m| Program::new(bin(&format!("mdbook-{m}")))),
    );
    let measures = measure(&programs, &input_path, rounds);
    let names = [
        "identity (floor: serde_json reads, serde_json writes)",
        "identity, written by the suite's writer",
    ]
    .into_iter()
    .chain(MEMBERS)
    .chain(["deepdive (all four in one process)"]);
    let rows: Vec<Row> = names
        .zip(&measures)
        .map(|(member, m)| Row {
            member: member.into(),
            ms: m.median.as_secs_f64() * 1e3,
            ratio: m.ratio,
            ratio_to_suite_writer: m.ratio_to_second,
            peak_mib: m.peak_kib as f64 / 1024.0,
            memory_ratio: m.peak_kib as f64 * 1024.0 / size,
        })
        .collect();
    println!(
        "\n{label}: {chapters} chapters, {:.1} MB of JSON ({rounds} rounds)",
        size / 1e6
    );
    println!(
        "| member | median ms | × floor (median of rounds) | × floor written by the suite's writer | peak MiB | peak / input | target |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
    for (i, row) in rows.iter().enumerate() {
        let limit = match i {
            0 | 1 => None,
            i if i == rows.len() - 1 => Some(2.0),
            _ => Some(1.5),
        };
        let verdict = limit.map_or(String::new(), |limit| {
            let met = row.ratio <= limit && row.memory_ratio <= 3.0;
            format!(
                "≤ {limit}× and ≤ 3× memory: {}",
                if met { "met" } else { "NOT met" }
            )
        });
        println!(
            "| {} | {:.1} | {:.2} | {:.2} | {:.1} | {:.2} | {verdict} |",
            row.member,
            row.ms,
            row.ratio,
            row.ratio_to_suite_writer,
            row.peak_mib,
            row.memory_ratio
        );
    }
    (rows, input)
}

/// Rounds of `mdbook build` per configuration (`DEEPDIVE_BENCH_BUILD_ROUNDS`
/// overrides); a build of a 2,000-chapter book takes about ten seconds.
fn build_rounds() -> usize {
    std::env::var("DEEPDIVE_BENCH_BUILD_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
}

/// One build's wall time, CPU time (mdBook and everything it ran: `wait4`
/// counts the children it reaped), and the suite's programs' CPU time.
struct Build {
    wall: f64,
    cpu: f64,
    suite_cpu: f64,
}

/// One `mdbook build` of the book at `root` as `listed`, each suite program
/// timed on its own (see [`timed_child`]).
fn mdbook_build(root: &Path, listed: Listed) -> Build {
    let log = root.join("suite-cpu.log");
    let _ = std::fs::remove_file(&log);
    let timed = timed_programs(root);
    std::fs::write(root.join("book.toml"), suite_toml(listed, Some(&timed))).unwrap();
    let stderr = root.join("build-stderr.log");
    let start = Instant::now();
    #[allow(clippy::zombie_processes)] // reaped by `wait4` below
    let child = Command::new(mdbook())
        .arg("build")
        .current_dir(root)
        .env(CPU_LOG, &log)
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&stderr).unwrap())
        .spawn()
        .unwrap();
    let (status, usage) = wait_with_usage(&child);
    let wall = start.elapsed().as_secs_f64();
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "mdbook build failed:\n{}",
        std::fs::read_to_string(&stderr).unwrap_or_default()
    );
    let suite_cpu = std::fs::read_to_string(&log)
        .unwrap_or_default()
        .lines()
        .filter_map(|line| line.parse::<f64>().ok())
        .sum();
    Build {
        wall,
        cpu: cpu_seconds(&usage),
        suite_cpu,
    }
}

/// Waits for `child` with `wait4`: its exit status and resource usage.
#[allow(
    unsafe_code,
    clippy::borrow_as_ptr,
    clippy::cast_possible_wrap,
    reason = "`wait4` is the one call that reports a child's peak memory and CPU time; a pid fits an i32"
)]
fn wait_with_usage(child: &std::process::Child) -> (i32, libc::rusage) {
    let mut status = 0;
    // SAFETY: `rusage` is plain data; `wait4` reaps exactly this child,
    // which `Child` never waits for afterwards.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32);
    (status, usage)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// `mdbook build` of the book at `root` in [`build_rounds`] rounds, each
/// building once per configuration of `listed` (the first is the baseline),
/// so a slow moment of the machine falls on one round. Per configuration:
/// the median wall time, the medians of its same-round ratios to the
/// baseline in wall and in CPU time, and the median share of the build's CPU
/// time that the suite's programs took.
fn measure_builds(root: &Path, listed: &[Listed]) -> Vec<(f64, f64, f64, f64)> {
    let mut runs: Vec<Vec<Build>> = listed.iter().map(|_| Vec::new()).collect();
    for _ in 0..build_rounds() {
        for (listed, runs) in listed.iter().zip(&mut runs) {
            runs.push(mdbook_build(root, *listed));
        }
    }
    let baseline = &runs[0];
    runs.iter()
        .map(|runs| {
            let ratio = |pick: fn(&Build) -> f64| {
                median(
                    runs.iter()
                        .zip(baseline)
                        .map(|(run, base)| pick(run) / pick(base))
                        .collect(),
                )
            };
            (
                median(runs.iter().map(|run| run.wall).collect()),
                ratio(|run| run.wall),
                ratio(|run| run.cpu),
                median(runs.iter().map(|run| run.suite_cpu / run.cpu).collect()),
            )
        })
        .collect()
}

/// The builds of a book of `chapters` chapters shaped as `book`: without
/// preprocessors, with the four members and with the all-in-one entry.
fn bench_builds(label: &str, chapters: usize, book: Book) {
    // This book lives in memory where it can: `mdbook build` writes 2,000
    // pages, and on disk the kernel's writeback becomes part of the timing,
    // with more noise than what is measured.
    let dir = tempfile::Builder::new()
        .tempdir_in("/dev/shm")
        .or_else(|_| tempfile::tempdir())
        .unwrap();
    let root = write_book(dir.path(), chapters, book);
    let configurations = [
        (Listed::Nothing, "no preprocessors"),
        (Listed::Suite, "the four members, four entries"),
        (
            Listed::AllInOne,
            "the four members in one process ([preprocessor.deepdive])",
        ),
    ];
    let listed: Vec<Listed> = configurations.iter().map(|c| c.0).collect();
    let builds = measure_builds(&root, &listed);
    println!(
        "\n`mdbook build` of the {label} ({} rounds; median time, the median of same-round \
         ratios to the build without preprocessors, and the suite's programs' share of the \
         build's CPU time, target ≤ 2%):",
        build_rounds()
    );
    for ((listed, text), (wall, wall_ratio, cpu_ratio, share)) in configurations.iter().zip(&builds)
    {
        let share = match listed {
            Listed::Nothing => String::new(),
            _ => format!(
                "; the suite's share of its CPU time {:.2}% ({})",
                share * 100.0,
                if *share <= 0.02 { "met" } else { "NOT met" }
            ),
        };
        println!(
            "  {text}: {wall:.2} s; {:+.1}% wall, {:+.1}% CPU{share}",
            (wall_ratio - 1.0) * 100.0,
            (cpu_ratio - 1.0) * 100.0
        );
    }
}

#[allow(
    clippy::too_many_lines,
    reason = "the benchmark's report, book after book, in the order it prints"
)]
fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, program, input] = args.as_slice()
        && flag == MEASURE_CHILD
    {
        measure_child(Path::new(program), Path::new(input));
        return;
    }
    if let Some(program) = args
        .first()
        .and_then(|arg0| Path::new(arg0).file_name()?.to_str())
        .filter(|name| name.starts_with("mdbook-"))
    {
        timed_child(program, &args[1..]);
    }
    let started = Instant::now();
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

    let synthetic = Book {
        shape: Shape::Synthetic,
        with_metadata: true,
    };
    let seeded = Book {
        shape: Shape::Seeded,
        with_metadata: true,
    };
    let plain = |book: Book| Book {
        with_metadata: false,
        ..book
    };
    // For profiling: `DEEPDIVE_BENCH_CAPTURE_ONLY=DIR` writes the JSON of each
    // book (`DIR/2000-seeded-full.json`, …) and measures nothing.
    if let Ok(folder) = std::env::var("DEEPDIVE_BENCH_CAPTURE_ONLY") {
        std::fs::create_dir_all(&folder).unwrap();
        for book in [seeded, plain(seeded), synthetic, plain(synthetic)] {
            let dir = tempfile::tempdir().unwrap();
            let input = capture(&write_book(dir.path(), chapters, book));
            std::fs::write(Path::new(&folder).join(input_name(chapters, book)), input).unwrap();
        }
        return;
    }
    let mut full_inputs = Vec::new();
    for (name, book) in [("Seeded", seeded), ("Synthetic", synthetic)] {
        let (small, input) = bench_input(
            &format!("{name} book with front matter and directives"),
            chapters,
            book,
            RUNS,
        );
        bench_input(
            &format!("{name} book with no front matter and no `{{{{#`"),
            chapters,
            plain(book),
            RUNS,
        );
        let (large, _) = bench_input(
            &format!("{name} book, ten times larger"),
            chapters * 10,
            book,
            LARGE_RUNS,
        );
        println!(
            "\n{name} book, growth from {chapters} to {} chapters (time ×, target ≤ 10.5):",
            chapters * 10
        );
        for (small, big) in small.iter().zip(&large) {
            let growth = big.ms / small.ms;
            let verdict = if growth <= 10.5 { "met" } else { "NOT met" };
            println!("  {}: {growth:.2} ({verdict})", small.member);
        }
        full_inputs.push((name, input));
    }

    let dir = tempfile::tempdir().unwrap();
    let root = write_book(dir.path(), chapters, synthetic);
    std::fs::write(root.join("book.toml"), suite_toml(Listed::Suite, None)).unwrap();
    for member in MEMBERS {
        let start = Instant::now();
        let output = Command::new(bin(&format!("mdbook-{member}")))
            .args(["check", "--book"])
            .arg(&root)
            .output()
            .unwrap();
        assert!(output.status.code().is_some(), "{member} check crashed");
        println!(
            "`mdbook-{member} check` of the {chapters}-chapter synthetic book: {:.0} ms (target < 1000)",
            start.elapsed().as_secs_f64() * 1e3
        );
    }
    for (name, input) in &full_inputs {
        let (inputs, output) = pipeline(input);
        let parse = |json: &[u8]| serde_json::from_slice::<serde_json::Value>(json).unwrap();
        assert!(
            parse(&run_on(ALL_IN_ONE, input.clone())) == parse(&output),
            "the all-in-one program makes the book the four members make"
        );
        bench_pipeline(name, dir.path(), &inputs);
    }
    bench_builds(
        &format!("{chapters}-chapter synthetic book"),
        chapters,
        synthetic,
    );
    bench_builds(&format!("{chapters}-chapter seeded book"), chapters, seeded);
    println!(
        "\nThe benchmark took {:.0} s.",
        started.elapsed().as_secs_f64()
    );
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
fn bench_pipeline(book: &str, dir: &Path, inputs: &[Vec<u8>]) {
    println!(
        "\n{book} book in a build's order, each member on what the members before it hand on:"
    );
    println!("| member | median ms | × floor on the same input |");
    println!("| --- | ---: | ---: |");
    for (member, input) in MEMBERS.iter().zip(inputs) {
        let path = dir.join(format!("{member}-input.json"));
        std::fs::write(&path, input).unwrap();
        let programs = [
            Program::new(bin("deepdive-identity")),
            Program::new(bin(&format!("mdbook-{member}"))),
        ];
        let measures = measure(&programs, &path, RUNS);
        println!(
            "| {member} | {:.1} | {:.2} |",
            measures[1].median.as_secs_f64() * 1e3,
            measures[1].ratio
        );
    }
}
