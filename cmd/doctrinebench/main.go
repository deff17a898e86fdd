// Command doctrinebench measures doctrinebot at the scale of a large library — the whole US
// Code (../shared/corpus/scale/uscode-chunks.tar.xz: 141,895 files, 175 MB, 309,184
// passages) — and prints the table of docs/benchmarks.md:
//
//	go run ./cmd/doctrinebench [-archive FILE] [-benchtime 100x] [-work DIR]
//
// It builds doctrinebot, unpacks the archive, and runs doctrinebot as a user would: `corpus
// add` into a new library (ingest MB/s, peak memory), a first `ask` (which builds the index
// and saves its snapshot), several cold `ask`s (process start to the first answer, peak
// memory), and one `ask --json` answering every development question from standard input
// (latency per answer, resident memory after them, from /proc). Then it runs the package
// bot's BenchmarkScale at 1k, 10k, 100k, 141,895 and 309,184 passages — each step of an answer
// beside two anchors measured in the same run on the same vectors: chromem-go's
// QueryEmbedding and a plain single-pass dot-product scan of a contiguous float32 matrix —
// and prints every time also as a ratio to the scan. Run it from the module's root.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "doctrinebench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("doctrinebench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	archive := fs.String("archive", "../shared/corpus/scale/uscode-chunks.tar.xz", "the US Code archive")
	benchtime := fs.String("benchtime", "100x", "go test -benchtime of the retrieval benchmarks")
	work := fs.String("work", "", "working folder (default: a new temporary one, removed after)")
	colds := fs.Int("cold", 5, "cold starts to time")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *work == "" {
		dir, err := os.MkdirTemp("", "doctrinebench")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		*work = dir
	}
	log := func(format string, a ...any) { fmt.Fprintf(stderr, format+"\n", a...) }
	bin := filepath.Join(*work, "doctrinebot")
	src := filepath.Join(*work, "uscode")
	data := filepath.Join(*work, "library")
	log("building doctrinebot")
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/doctrinebot").CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	log("unpacking %s", *archive)
	if err := os.MkdirAll(src, 0o755); err != nil {
		return err
	}
	if out, err := exec.CommandContext(ctx, "tar", "-xJf", *archive, "-C", src).CombinedOutput(); err != nil {
		return fmt.Errorf("unpack: %v\n%s", err, out)
	}
	var files int
	var text int64
	filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".md") {
			if info, err := d.Info(); err == nil {
				files++
				text += info.Size()
			}
		}
		return nil
	})

	var r report
	r.files, r.textMB = files, float64(text)/1e6
	log("corpus add: %d files, %.1f MB", files, r.textMB)
	// The exit status is 1: the archive holds 53 empty files, which add reports as failures.
	out, p, err := child(ctx, bin, nil, "corpus", "add", "--json", "--data", data, src)
	var add struct {
		Added int `json:"documents_added"`
		Total int `json:"passages_total"`
	}
	if jerr := json.Unmarshal([]byte(out), &add); jerr != nil || add.Added == 0 {
		return fmt.Errorf("corpus add: %v: %.300s", err, out)
	}
	r.passages = add.Total
	r.ingest, r.ingestHWM = p.wall, p.hwm
	for _, name := range []string{"library.db", "library.db-wal"} {
		if info, err := os.Stat(filepath.Join(data, name)); err == nil {
			r.diskMB += float64(info.Size()) / 1e6
		}
	}
	const question = "Who is the principal military adviser to the President?"
	log("first ask (builds the index and saves its snapshot)")
	if _, p, err = child(ctx, bin, nil, "ask", "--data", data, question); err != nil {
		return fmt.Errorf("first ask: %v", err)
	}
	r.first, r.firstHWM = p.wall, p.hwm
	if info, err := os.Stat(filepath.Join(data, "index.snapshot")); err == nil {
		r.snapshotMB = float64(info.Size()) / 1e6
	}
	var walls []time.Duration
	for range *colds {
		if _, p, err = child(ctx, bin, nil, "ask", "--data", data, question); err != nil {
			return fmt.Errorf("cold ask: %v", err)
		}
		walls = append(walls, p.wall)
		r.coldHWM = max(r.coldHWM, p.hwm)
	}
	slices.Sort(walls)
	r.cold = walls[len(walls)/2]
	log("answering the development questions in one process")
	if err := steady(ctx, bin, data, &r); err != nil {
		return err
	}
	log("go test ./bot -bench Scale -benchtime %s", *benchtime)
	cmd := exec.CommandContext(ctx, "go", "test", "./bot", "-run", "^$", "-bench", "^BenchmarkScale$", "-benchtime", *benchtime, "-timeout", "60m")
	cmd.Env = append(os.Environ(), "DOCTRINEBOT_BENCH_USCODE="+src)
	cmd.Stderr = stderr
	bench, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("go test -bench: %v\n%s", err, bench)
	}
	r.scale = parseBench(string(bench))
	r.print(stdout)
	return nil
}

// proc is what a child process took: wall time and peak resident memory (VmHWM), in bytes.
type proc struct {
	wall time.Duration
	hwm  int64
}

// child runs doctrinebot with args and returns its standard output.
func child(ctx context.Context, bin string, stdin io.Reader, args ...string) (string, proc, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdin = stdin
	var out strings.Builder
	cmd.Stdout = &out
	start := time.Now()
	err := cmd.Run()
	p := proc{wall: time.Since(start)}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		p.hwm = ru.Maxrss * 1024
	}
	return out.String(), p, err
}

// steady runs one `ask --json` process, sends it the development questions one at a time,
// timing each answer, and reads its resident memory after the first and after the last: in
// all (VmRSS, and its peak VmHWM), and split into anonymous memory (RssAnon: the Go heap and
// runtime) and pages of files (RssFile: the mapped index snapshot and the executable).
func steady(ctx context.Context, bin, data string, r *report) error {
	var questions []string
	for _, f := range []string{"../shared/eval/seed-dev.jsonl", "../shared/eval/public-dev.jsonl", "bot/testdata/offtopic.jsonl"} {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		for _, line := range strings.Split(string(b), "\n") {
			var q struct{ Question string }
			if json.Unmarshal([]byte(line), &q) == nil && q.Question != "" {
				questions = append(questions, q.Question)
			}
		}
	}
	cmd := exec.CommandContext(ctx, bin, "ask", "--json", "--data", data)
	in, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	outPipe, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	out := bufio.NewReaderSize(outPipe, 1<<20)
	// The first answer loads the index; it is not counted.
	ask := func(q string) (time.Duration, error) {
		start := time.Now()
		if _, err := fmt.Fprintln(in, q); err != nil {
			return 0, err
		}
		_, err := out.ReadString('\n')
		return time.Since(start), err
	}
	if _, err := ask(questions[0]); err != nil {
		return err
	}
	status, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", cmd.Process.Pid))
	r.firstRSS = statusKB(status, "VmRSS")
	for range 3 {
		for _, q := range questions {
			d, err := ask(q)
			if err != nil {
				return err
			}
			r.answers = append(r.answers, d)
		}
	}
	slices.Sort(r.answers)
	status, _ = os.ReadFile(fmt.Sprintf("/proc/%d/status", cmd.Process.Pid))
	r.steadyRSS, r.steadyHWM = statusKB(status, "VmRSS"), statusKB(status, "VmHWM")
	r.steadyAnon, r.steadyFile = statusKB(status, "RssAnon"), statusKB(status, "RssFile")
	in.Close()
	return cmd.Wait()
}

func statusKB(status []byte, key string) int64 {
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, key+":"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb * 1024
		}
	}
	return 0
}

// benchRow is one size's retrieval times, in milliseconds, by step.
type benchRow struct {
	passages int
	ms       map[string]float64
}

var benchLine = regexp.MustCompile(`^BenchmarkScale/passages=(\d+)/(\w+)-\d+\s+\d+\s+([\d.]+) ns/op(.*)$`)

// parseBench reads BenchmarkScale's output.
func parseBench(out string) []benchRow {
	var rows []benchRow
	for _, line := range strings.Split(out, "\n") {
		m := benchLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[1])
		if len(rows) == 0 || rows[len(rows)-1].passages != n {
			rows = append(rows, benchRow{passages: n, ms: map[string]float64{}})
		}
		row := rows[len(rows)-1]
		ns, _ := strconv.ParseFloat(m[3], 64)
		row.ms[m[2]] = ns / 1e6
		f := strings.Fields(m[4])
		for i := 0; i+1 < len(f); i += 2 {
			v, _ := strconv.ParseFloat(f[i], 64)
			row.ms[m[2]+"-"+f[i+1]] = v
		}
	}
	return rows
}

type report struct {
	files, passages              int
	textMB, diskMB, snapshotMB   float64
	ingest, first, cold          time.Duration
	ingestHWM, firstHWM, coldHWM int64
	firstRSS                     int64
	steadyRSS, steadyHWM         int64
	steadyAnon, steadyFile       int64
	answers                      []time.Duration
	scale                        []benchRow
}

func (r *report) print(w io.Writer) {
	mb := func(b int64) float64 { return float64(b) / 1e6 }
	vectorsMB := float64(r.passages) * 100 * 4 / 1e6
	base := r.textMB + vectorsMB
	cpu := "unknown"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if rest, ok := strings.CutPrefix(line, "model name"); ok {
				cpu = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), ":"))
				break
			}
		}
	}
	fmt.Fprintf(w, "Machine: %d cores (%s), %s, %s/%s.\n\n", runtime.NumCPU(), cpu, memTotal(), runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(w, "The US Code: %d files, %.1f MB of text, %d passages; vectors %.1f MB (100 float32 each).\n\n", r.files, r.textMB, r.passages, vectorsMB)
	fmt.Fprintln(w, "| measure | value | target |")
	fmt.Fprintln(w, "|---|---|---|")
	fmt.Fprintf(w, "| ingest (`corpus add`, new library) | %.1f s, **%.2f MB/s**, peak %.0f MB | ≥ 5 MB/s |\n", r.ingest.Seconds(), r.textMB/r.ingest.Seconds(), mb(r.ingestHWM))
	fmt.Fprintf(w, "| library on disk; index snapshot | %.0f MB; %.0f MB (%.0f bytes per passage) | |\n", r.diskMB, r.snapshotMB, r.snapshotMB*1e6/float64(r.passages))
	fmt.Fprintf(w, "| first start after a change (load, build the index, save its snapshot, answer) | %.2f s, peak %.0f MB | |\n", r.first.Seconds(), mb(r.firstHWM))
	fmt.Fprintf(w, "| **cold start** to the first answer (median of the runs) | **%.2f s**, peak (VmHWM) %.0f MB | ≤ 1 s |\n", r.cold.Seconds(), mb(r.coldHWM))
	fmt.Fprintf(w, "| answer through `ask --json`, one process, %d answers | p50 %.1f ms, p99 %.1f ms | |\n", len(r.answers), ms(r.answers[len(r.answers)/2]), ms(r.answers[len(r.answers)*99/100]))
	fmt.Fprintf(w, "| resident memory at the first answer of that process: VmRSS | %.0f MB = %.2f × (text + vectors = %.0f MB) | ≤ 2 × |\n",
		mb(r.firstRSS), mb(r.firstRSS)/base, base)
	fmt.Fprintf(w, "| **resident memory** after them: VmRSS, VmHWM | **%.0f MB**, %.0f MB = %.2f × and %.2f × (text + vectors = %.0f MB); %.0f bytes per passage; of it RssAnon (Go heap and runtime) %.0f MB, RssFile (the mapped snapshot, the executable) %.0f MB | ≤ 2 × |\n",
		mb(r.steadyRSS), mb(r.steadyHWM), mb(r.steadyRSS)/base, mb(r.steadyHWM)/base, base, float64(r.steadyRSS)/float64(r.passages), mb(r.steadyAnon), mb(r.steadyFile))
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Retrieval steps, mean ms per question (the development questions in turn), and × the plain scan (`dotscan`) of the same passages:")
	fmt.Fprintln(w)
	steps := []string{"embed", "parse", "bm25", "scan", "fusion", "ask", "chromem", "dotscan"}
	fmt.Fprintln(w, "| passages | embed | parse | bm25 | scan | fusion | ask mean | ask p50 | ask p99 | chromem anchor | dotscan anchor | ask p50 ÷ dotscan | scan ÷ dotscan | chromem ÷ dotscan |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
	for _, row := range r.scale {
		fmt.Fprintf(w, "| %d |", row.passages)
		for _, s := range steps[:6] {
			fmt.Fprintf(w, " %.3f |", row.ms[s])
		}
		d := row.ms["dotscan"]
		fmt.Fprintf(w, " %.2f | %.2f | %.2f | %.2f | %.2f× | %.2f× | %.2f× |\n", row.ms["ask-p50-ms"], row.ms["ask-p99-ms"], row.ms["chromem"], d,
			row.ms["ask-p50-ms"]/d, row.ms["scan"]/d, row.ms["chromem"]/d)
	}
}

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

func memTotal() string {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return "memory unknown"
	}
	kb := statusKB(b, "MemTotal")
	return fmt.Sprintf("%.1f GiB", float64(kb)/(1<<30))
}
