package library_test

import (
	"context"
	"os"
	"reflect"
	"testing"

	"github.com/doctrinebot/doctrinebot/corpus"
	"github.com/doctrinebot/doctrinebot/library"
)

// TestLoadPassages checks that LoadPassages gives every stored document with its passages as
// Document gives each, in the order of Documents, on a library opened for maintenance (the
// zero Model, as the quiz commands open it), and nothing on an empty library.
func TestLoadPassages(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	lib := open(t, dir)
	_, embed := model()
	a := parse(t, "a.md", markdown("Forces", topics...))
	a.Path = "a.md"
	b := parse(t, "b.md", "---\nauthor: The Staff\nedition: 2022\n---\n"+markdown("Other forces", "militia", "reserve"))
	b.Path = "b.md"
	if _, err := lib.Add(ctx, []*corpus.Document{b, a}, library.AddOptions{Embed: embed}); err != nil {
		t.Fatal(err)
	}
	maint, err := library.Open(ctx, dir, library.Model{})
	if err != nil {
		t.Fatal(err)
	}
	defer maint.Close()
	got, err := maint.LoadPassages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	infos, err := maint.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var want []*corpus.Document
	for _, info := range infos {
		_, d, err := maint.Document(ctx, info.ID)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, d)
	}
	if len(want) != 2 || len(want[0].Passages) != 6 || want[1].Passages[0].Author != "The Staff" {
		t.Fatalf("the library holds %d documents, not a and b as added", len(want))
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("LoadPassages gave\n%+v\nwant, as Document gives them\n%+v", got, want)
	}

	empty, err := library.Open(ctx, t.TempDir(), library.Model{})
	if err != nil {
		t.Fatal(err)
	}
	defer empty.Close()
	if docs, err := empty.LoadPassages(ctx); len(docs) != 0 || err != nil {
		t.Errorf("LoadPassages of an empty library: %d documents, %v; want none and no error", len(docs), err)
	}
}

// BenchmarkLoadPassages reads every document of a library with its passages, as the quiz
// commands do: by LoadPassages ("one-pass"), and by Documents then Document for each
// ("one-by-one", as they did). The libraries: the seed and public texts of the shared corpus,
// and the US Code's 141,895 files when DOCTRINEBOT_BENCH_USCODE names the folder they are
// unpacked in (tar -xJf ../shared/corpus/scale/uscode-chunks.tar.xz -C "$TMPDIR", then
// DOCTRINEBOT_BENCH_USCODE=$TMPDIR/chuncks); each is added to a temporary library first, with
// vectors of zeros, which takes a minute or so for the US Code:
//
//	DOCTRINEBOT_BENCH_USCODE=/tmp/uscode/chuncks go test ./library -run '^$' -bench LoadPassages -benchtime 3x -timeout 30m
func BenchmarkLoadPassages(b *testing.B) {
	shared := "../../shared/corpus"
	for _, c := range []struct{ name, env string }{{"shared", ""}, {"uscode", "DOCTRINEBOT_BENCH_USCODE"}} {
		b.Run("library="+c.name, func(b *testing.B) {
			paths := []string{shared + "/seed", shared + "/public"}
			if c.env != "" {
				dir := os.Getenv(c.env)
				if dir == "" {
					b.Skipf("%s names no folder of the US Code's files", c.env)
				}
				paths = []string{dir}
			}
			if _, err := os.Stat(paths[0]); err != nil {
				b.Skipf("corpus absent: %v", err)
			}
			docs, err := corpus.Load(paths, func(error) {})
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			dir := b.TempDir()
			m := library.Model{Name: "zeros", Dim: 4}
			lib, err := library.Open(ctx, dir, m)
			if err != nil {
				b.Fatal(err)
			}
			zeros := func(context.Context, *corpus.Passage) ([]float32, error) { return make([]float32, 4), nil }
			rep, err := lib.Add(ctx, docs, library.AddOptions{Embed: zeros})
			if err != nil {
				b.Fatal(err)
			}
			lib.Close()
			// Files whose text another holds are not stored again (9 of the US Code's).
			stored := len(rep.Added)
			b.Logf("%s: %d documents stored, %d passages", c.name, stored, rep.PassagesTotal)
			lib, err = library.Open(ctx, dir, library.Model{})
			if err != nil {
				b.Fatal(err)
			}
			defer lib.Close()
			for _, how := range []struct {
				name string
				load func() ([]*corpus.Document, error)
			}{
				{"one-pass", func() ([]*corpus.Document, error) { return lib.LoadPassages(ctx) }},
				{"one-by-one", func() ([]*corpus.Document, error) {
					infos, err := lib.Documents(ctx)
					if err != nil {
						return nil, err
					}
					var out []*corpus.Document
					for _, info := range infos {
						_, d, err := lib.Document(ctx, info.ID)
						if err != nil {
							return nil, err
						}
						out = append(out, d)
					}
					return out, nil
				}},
			} {
				b.Run(how.name, func(b *testing.B) {
					for b.Loop() {
						got, err := how.load()
						if err != nil || len(got) != stored {
							b.Fatalf("%d documents, %v; want %d", len(got), err, stored)
						}
					}
					b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/load")
				})
			}
		})
	}
}
