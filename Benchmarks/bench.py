#!/usr/bin/env python3
"""Fabrique Kiosk benchmark: the real binaries in a real pseudo-terminal (80x24), read through pyte,
next to `dialog --menu` measured in the same run. Prints a Markdown table and writes a JSON file.

    python3 Benchmarks/bench.py --reps 30            (see BENCHMARKS.md; Benchmarks/run.sh builds first)
"""
import argparse, json, os, pty, select, shutil, signal, statistics, struct, subprocess, sys, tempfile, termios, time, fcntl

import pyte

# The arrow keys as an xterm in keypad-transmit mode sends them (terminfo kcud1, kcuu1).
DOWN, UP = b"\x1bOB", b"\x1bOA"

QUARTIERS = ["Belle-Beille", "Monplaisir", "La Roseraie", "Bédier-Beauval-Morellerie", "Hauts-de-Saint-Aubin",
             "Grand-Pigeon", "Savary-Giran", "Grand-Bellevue", "Saint-Exupéry", "Gide-Colomb"]


class Terminal:
    """A program in a pseudo-terminal, its output fed to a pyte screen."""

    def __init__(self, argv, env, cols=80, rows=24):
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.started = time.perf_counter()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execvpe(argv[0], argv, env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.bytes = 0

    def pump(self, timeout):
        """Reads what is available within `timeout` seconds; returns the number of bytes read."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return 0
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            return 0
        self.stream.feed(data)
        self.bytes += len(data)
        return len(data)

    def wait_for(self, predicate, timeout=10.0):
        """Seconds from now until predicate(screen) holds."""
        start = time.perf_counter()
        while not predicate(self.screen):
            if time.perf_counter() - start > timeout:
                raise TimeoutError("screen never matched:\n" + "\n".join(self.screen.display))
            self.pump(0.05)
        return time.perf_counter() - start

    def text(self):
        return "\n".join(self.screen.display)

    def state(self):
        """What a person sees: the text, the cursor and which cells are highlighted."""
        cells = tuple((y, x, cell.data, cell.fg, cell.bg, cell.reverse, cell.bold)
                      for y, row in sorted(self.screen.buffer.items()) for x, cell in sorted(row.items()))
        return (self.screen.cursor.y, self.screen.cursor.x, cells)

    def key(self, data, timeout=5.0):
        """Sends a key; returns (seconds until the screen changed, bytes written until it went quiet)."""
        before = self.state()
        self.bytes = 0
        start = time.perf_counter()
        os.write(self.fd, data)
        while self.state() == before:
            if time.perf_counter() - start > timeout:
                raise TimeoutError("key changed nothing")
            self.pump(0.05)
        seconds = time.perf_counter() - start
        while self.pump(0.03):
            pass
        return seconds, self.bytes

    def peak_rss_kb(self):
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return 0

    def close(self):
        """Asks the program to stop, reading what it writes meanwhile (a full pty would block its exit)."""
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        deadline = time.perf_counter() + 5
        while time.perf_counter() < deadline:
            finished, _ = os.waitpid(self.pid, os.WNOHANG)
            if finished:
                break
            self.pump(0.05)
        else:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)


def env_for(term="xterm-256color"):
    env = dict(os.environ)
    env.update({"TERM": term, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "COLUMNS": "80", "LINES": "24"})
    return env


def fabrique_argv(args):
    return [args.fabrique, "--data", args.data, "--now", args.now]


def dialog_argv():
    # Names as tags, so that a letter moves to the next quartier starting with it, as in the kiosk's filter.
    items = []
    for name in QUARTIERS:
        items += [name, "Trélazé" if name in ("Grand-Bellevue", "Gide-Colomb") else "Angers"]
    return ["dialog", "--menu", "Votre quartier", "20", "60", "12"] + items


def first_frames(programs, reps):
    """Seconds to the first frame of each (argv, marker) in `programs`, `reps` starts each, interleaved: this
    machine's speed changes over minutes, and programs timed one block after the other took different
    speeds into their ratio. Each round starts with the next program, so none always follows the same one."""
    times = [[] for _ in programs]
    # One start each, not timed: a kiosk whose catalogue's compact form is missing or another program's
    # reads the files in full once and writes the form, as a kiosk's first start after an update does.
    for argv, marker in programs:
        terminal = Terminal(argv, env_for())
        terminal.wait_for(lambda screen: marker in "\n".join(screen.display))
        terminal.close()
    for rep in range(reps):
        for index in [(rep + k) % len(programs) for k in range(len(programs))]:
            argv, marker = programs[index]
            terminal = Terminal(argv, env_for())
            terminal.wait_for(lambda screen: marker in "\n".join(screen.display))
            times[index].append(time.perf_counter() - terminal.started)
            terminal.close()
    return times


def keys(args, reps, with_dialog=True):
    """Down arrow in the quartier list, and a filter letter, for fabrique and (unless told) for dialog, the
    two programs' keys interleaved (the machine's speed moves within the second the keys take)."""
    fabrique = Terminal(fabrique_argv(args), env_for())
    fabrique.wait_for(lambda s: "Bienvenue" in "\n".join(s.display))
    fabrique.key(b"\r")
    fabrique.wait_for(lambda s: "▶ Belle-Beille" in "\n".join(s.display))
    dialog = None
    if with_dialog:
        dialog = Terminal(dialog_argv(), env_for())
        dialog.wait_for(lambda s: "Gide-Colomb" in "\n".join(s.display))
        time.sleep(0.2)
        while dialog.pump(0.05):
            pass
    results = {"fabrique": {"down": [], "letter": []}, "dialog": {"down": [], "letter": []}}
    # CPU time of each program over each kind of key, from the kernel's own count (ms a key; the kiosk's
    # letter is followed by a Backspace that draws too, so its CPU is shared between the two keys).
    cpu = {"fabrique": {}, "dialog": {}}

    def fabrique_letter():
        timed = fabrique.key(b"b")
        fabrique.key(b"\x7f")
        return timed

    for kind, steps in [("down", [lambda i: fabrique.key(DOWN if i % 2 == 0 else UP),
                                  lambda i: dialog.key(DOWN if i % 2 == 0 else UP)]),
                        ("letter", [lambda i: fabrique_letter(), lambda i: dialog.key(b"b" if i % 2 == 0 else b"m")])]:
        before = {"fabrique": cpu_ms(fabrique.pid), "dialog": cpu_ms(dialog.pid) if dialog else 0}
        for i in range(reps):
            order = [0, 1] if i % 2 == 0 else [1, 0]
            for program in order:
                if program == 1 and dialog is None:
                    continue
                results["fabrique" if program == 0 else "dialog"][kind].append(steps[program](i))
        cpu["fabrique"][kind] = (cpu_ms(fabrique.pid) - before["fabrique"]) / (reps * (2 if kind == "letter" else 1))
        if dialog:
            cpu["dialog"][kind] = (cpu_ms(dialog.pid) - before["dialog"]) / reps
    results["cpu"] = cpu
    fabrique.close()
    if dialog is None:
        return {"fabrique": results["fabrique"], "cpu": {"fabrique": cpu["fabrique"]}}
    dialog.close()
    return results


def cpu_ms(pid):
    """CPU time a process has used so far, in ms (the kernel's scheduler count, user and system)."""
    with open(f"/proc/{pid}/schedstat") as stat:
        return int(stat.read().split()[0]) / 1e6


def evict_from_page_cache(program):
    """Drops a program file's pages from the page cache, so that its next start takes them from the disk;
    says so, and goes on, when the file cannot be read (a name on PATH is looked up first)."""
    path = program if os.sep in program else (shutil.which(program) or program)
    try:
        descriptor = os.open(path, os.O_RDONLY)
        try:
            os.fsync(descriptor)
            os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(descriptor)
    except OSError as error:
        print(f"note: {path} left in the page cache ({error.strerror}): its memory may read high", file=sys.stderr)


def journey_rss(args, first_name="Zoé"):
    """Peak RSS in KB of a kiosk taken through a whole visit to a booking by `first_name` (a new person
    each time: a person booking the same service again is looked up in the month's bookings)."""
    # The program's code as after a boot, read from the disk: a file just written by the linker (or by
    # `cp`) sits in the page cache in large folios, which the kernel maps whole around a fault, and the
    # same bytes then measured up to 0.9 MB more or less depending on how and when they were written.
    evict_from_page_cache(args.fabrique)
    terminal = Terminal(fabrique_argv(args), env_for())
    terminal.wait_for(lambda s: "Bienvenue" in "\n".join(s.display))
    for data, marker in [(b"\r", "Votre quartier"), (b"bedier", "▶ Bédier"), (b"\r", "Où en est"), (b"2", "Quelle est"),
                         (b"1", "moins de 26"), (b"2", "Vos besoins"), (b"1", "[x] 1"), (b"\r", "Votre plan"),
                         (b"\r", "Votre créneau"), (b"\r", "Vos coordonnées")]:
        os.write(terminal.fd, data)
        terminal.wait_for(lambda s, m=marker: m in "\n".join(s.display))
    for data in [first_name.encode(), b"\t", b"Bench", b"\t\t\t", b" ", b"\t", b"\r"]:
        os.write(terminal.fd, data)
    terminal.wait_for(lambda s: "Votre code de rendez-vous" in "\n".join(s.display))
    peak = terminal.peak_rss_kb()
    terminal.close()
    return peak


def bench_tool(args, command, runs):
    output = subprocess.run([args.bench, command, "--data", args.data, "--now", args.now, "--runs", str(runs)],
                            check=True, capture_output=True, text=True).stdout
    return json.loads(output)


def command_ms(args, arguments, runs):
    """Wall time of a fresh `fabrique` process running a staff command on the history, each run in ms."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([args.fabrique] + arguments + ["--data", args.data, "--now", args.now], check=True, capture_output=True)
        times.append((time.perf_counter() - start) * 1000)
    return times


def ms(values):
    return [v * 1000 for v in values]


def p(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round((len(values) - 1) * q)))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fabrique", default=".build/release/fabrique")
    parser.add_argument("--fabrique-dynamic", help="the same program linked with the dynamic Swift runtime, for a "
                        "second first-frame row (run.sh passes .build/release/fabrique)")
    parser.add_argument("--bench", default=".build/release/fabrique-bench")
    parser.add_argument("--data", help="data folder (generated when absent)")
    parser.add_argument("--now", default="2026-11-27T10:00:00")
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--keys", type=int, help="keys of each kind for each program (default: three times --reps)")
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--per-month", type=int, default=1250)
    parser.add_argument("--upcoming", type=int, default=3000)
    parser.add_argument("--json", default="benchmark-results.json")
    parser.add_argument("--plan-sizes", default="10:12,40:100,200:500,2000:5000",
                        help="catalogue sizes for the plan, as partners:permanences (the first is the reference)")
    args = parser.parse_args()
    if not args.data:
        args.data = tempfile.mkdtemp(prefix="fabrique-bench-")
    if not os.path.exists(os.path.join(args.data, "records")):
        subprocess.run([args.bench, "generate", "--data", args.data, "--now", args.now, "--months", str(args.months),
                        "--per-month", str(args.per_month), "--upcoming", str(args.upcoming)], check=True, capture_output=True)

    results = {"reps": args.reps, "data": {"months": args.months, "perMonth": args.per_month, "upcoming": args.upcoming}}
    programs = [(fabrique_argv(args), "Bienvenue"), (dialog_argv(), "Gide-Colomb")]
    dynamic = None
    if args.fabrique_dynamic:
        # A data folder of its own: the catalogue's compact form (and the months' digests) name the program
        # that wrote them, so two builds started in turn on one folder would each find the other's form and
        # read the catalogue's files in full at every start.
        dynamic = argparse.Namespace(**vars(args))
        dynamic.fabrique = args.fabrique_dynamic
        dynamic.data = tempfile.mkdtemp(prefix="fabrique-dynamic-")
        shutil.copytree(args.data, dynamic.data, dirs_exist_ok=True)
        time.sleep(3.5)  # files changed within 3 s are not trusted to their times: no compact form of them
        programs.append((fabrique_argv(dynamic), "Bienvenue"))
    firsts = [ms(times) for times in first_frames(programs, args.reps)]
    fab_first, dia_first = firsts[0], firsts[1]
    dyn_first = firsts[2] if dynamic else None
    if dynamic:
        shutil.rmtree(dynamic.data, ignore_errors=True)
    # Three times as many keys as starts by default: a key takes 2–3 ms, and this machine's speed moves
    # within the second 30 of them take, which moved the median's ratio by ±0.2 from run to run.
    results["keys"] = args.keys or args.reps * 3
    key_results = keys(args, results["keys"])
    # The first kiosk start on the history reads the horizon's months once (in pieces) to count places and
    # leaves their digests; a later start (the next morning) counts from the digests.
    peak = journey_rss(args)
    time.sleep(3.5)  # the digests of months the first journey booked in are written once settled
    peak_later = journey_rss(args, first_name="Yann")
    commit = bench_tool(args, "commit", max(20, args.reps * 3))
    compute = bench_tool(args, "compute", max(5, args.reps))
    plans = []
    sizes = []
    sized_folders = []
    for size in args.plan_sizes.split(","):
        partners, permanences = size.split(":")
        catalogue = tempfile.mkdtemp(prefix="fabrique-catalogue-")
        subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "make_catalogue.py"), "--partners", partners,
                        "--permanences", permanences, "--out", catalogue], check=True)
        output = subprocess.run([args.bench, "plan", "--catalogue", catalogue, "--now", args.now, "--runs", str(args.reps)],
                                check=True, capture_output=True, text=True).stdout
        plans.append(json.loads(output))
        # The kiosk itself on that catalogue (no history): its first frame and keys should grow no faster
        # than what is on screen, which is the same quartier list at every size.
        sized = argparse.Namespace(**vars(args))
        sized.data = tempfile.mkdtemp(prefix="fabrique-sized-")
        shutil.copytree(catalogue, os.path.join(sized.data, "catalogue"))
        shutil.rmtree(catalogue, ignore_errors=True)
        sized_keys = keys(sized, args.reps, with_dialog=False)["fabrique"]
        sizes.append({"partners": int(partners), "down": ms([t for t, _ in sized_keys["down"]]),
                      "letter": ms([t for t, _ in sized_keys["letter"]])})
        sized_folders.append(sized)
    # The sizes' first frames interleaved, as the table's are: their ratio is the figure.
    for entry, times in zip(sizes, first_frames([(fabrique_argv(sized), "Bienvenue") for sized in sized_folders], args.reps)):
        entry["firstFrame"] = ms(times)
    for sized in sized_folders:
        shutil.rmtree(sized.data, ignore_errors=True)

    def key_row(kind):
        fab = key_results["fabrique"][kind]
        dia = key_results["dialog"][kind]
        return (ms([t for t, _ in fab]), ms([t for t, _ in dia]), statistics.median([b for _, b in fab]), statistics.median([b for _, b in dia]))

    # The funders' report and the follow-up list read more months than the figures and a search do:
    # each is timed against the command that reads the same history the simplest way, in this run.
    year = int(args.now[:4]) - 1
    period = ["--from", f"{year}-01-01", "--to", f"{year}-12-31"]
    command_runs = max(3, args.reps // 10)
    report_ms = command_ms(args, ["report"] + period, command_runs)
    stats_ms = command_ms(args, ["stats"] + period, command_runs)
    follow_ms = command_ms(args, ["follow-up"], command_runs)
    person_ms = command_ms(args, ["person", "+33612340001"], command_runs)
    find_ms = command_ms(args, ["find", "+33612340001"], command_runs)

    rows = []
    def add(name, ours, reference, unit, target):
        ratio = ours / reference if reference else float("nan")
        rows.append((name, ours, reference, ratio, unit, target))

    add("First frame, median", statistics.median(fab_first), statistics.median(dia_first), "ms", "≤ 1.2 (goal 1.0)")
    add("First frame, p90", p(fab_first, 0.9), p(dia_first, 0.9), "ms", "≤ 1.2 (goal 1.0)")
    if dyn_first:
        add("First frame, dynamic Swift runtime, median", statistics.median(dyn_first), statistics.median(dia_first), "ms", "")
    for kind, label in [("down", "Key ↓ to screen"), ("letter", "Filter letter to screen")]:
        fab, dia, fab_bytes, dia_bytes = key_row(kind)
        add(f"{label}, median", statistics.median(fab), statistics.median(dia), "ms", "≤ 1.0")
        add(f"{label}, p90", p(fab, 0.9), p(dia, 0.9), "ms", "≤ 1.0")
        add(f"{label}, bytes per key (median)", fab_bytes, dia_bytes, "bytes", "≤ 1.0")
        add(f"{label}, CPU per key", key_results["cpu"]["fabrique"][kind], key_results["cpu"]["dialog"][kind], "ms", "")
    add("Booking commit p50 (vs write+fsync+rename floor)", commit["commitP50"], commit["floorP50"], "ms", "")
    add("Booking commit p99 (vs floor p99)", commit["commitP99"], commit["floorP99"], "ms", "≤ 3.0")
    add("Booking commit, slowest of the run (vs floor p99)", commit["commitMax"], commit["floorP99"], "ms", "")
    add(f"Booking commit in a fresh process, p50 of {commit['coldRuns']} (vs floor p50)", commit["coldP50"],
        commit["floorP50"], "ms", "≤ 5.0")
    add("Booking commit in a fresh process, the first, without the months' digests (vs floor p50)",
        commit["coldFirst"], commit["floorP50"], "ms", "")
    rows.append(("All slots, all partners, 8 weeks (p50)", compute["slotsP50"], None, None, "ms", f"{compute['slots']} slots"))
    rows.append(("Proposals for every combination of needs (p50)", compute["matchingP50"], None, None, "ms",
                 f"{compute['combinations']} combinations"))
    # The plan's curve: each size against the first (the default catalogue's size), with the slots it holds.
    base = plans[0] if plans else None
    for plan in plans:
        name = f"Plan, {plan['partners']} partners, {plan['permanences']} permanences, {plan['absences']} absences"
        add(f"{name} (p50, vs {base['partners']} partners)", plan["planP50"], base["planP50"], "ms",
            f"slots ×{plan['horizonSlots'] / max(1, base['horizonSlots']):.1f}")
        rows.append((f"{name} (p99)", plan["planP99"], None, None, "ms", "< 50 at 200 partners"))
    # The first frame and keys on each catalogue, against the first (the default catalogue's size).
    smallest = sizes[0] if sizes else None
    for size in sizes:
        for field, label in [("firstFrame", "First frame"), ("down", "Key ↓ to screen"), ("letter", "Filter letter to screen")]:
            add(f"{label}, catalogue of {size['partners']} partners, median (vs {smallest['partners']} partners)",
                statistics.median(size[field]), statistics.median(smallest[field]), "ms", "≈ 1.0 (same screen)")
    rows.append(("Peak RSS through a full journey, first start on the history (months without digests read once)", peak / 1024,
                 None, None, "MB", "≤ 12"))
    rows.append(("Peak RSS through a full journey, a later start (months' digests on disk)", peak_later / 1024,
                 None, None, "MB", "≤ 12"))
    add(f"Funders' report of {year}, fresh process (vs `stats` of the same year)", statistics.median(report_ms),
        statistics.median(stats_ms), "ms", "")
    add("Follow-up list, fresh process (vs `find` of a phone in the months kept)", statistics.median(follow_ms),
        statistics.median(find_ms), "ms", "")
    add("A person's path by phone, fresh process (vs `find` of that phone)", statistics.median(person_ms),
        statistics.median(find_ms), "ms", "")

    results["rows"] = [{"figure": r[0], "ours": r[1], "reference": r[2], "ratio": r[3], "unit": r[4], "target": r[5]} for r in rows]
    with open(args.json, "w") as out:
        json.dump(results, out, indent=2)
    print("| figure | Fabrique | reference (dialog or floor) | ratio | target |")
    print("|---|---|---|---|---|")
    for name, ours, reference, ratio, unit, target in rows:
        ref = f"{reference:.2f} {unit}" if reference is not None else "—"
        rat = f"{ratio:.2f}" if ratio is not None else "—"
        print(f"| {name} | {ours:.2f} {unit} | {ref} | {rat} | {target} |")


if __name__ == "__main__":
    main()
