package quiz

import (
	"reflect"
	"testing"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// TestSourcePassage checks that an item's Source gives back the passage it was made from,
// with everything a citation names (bot.Citation: title, edition, author, headings, pages,
// lines, ID), so that quizzes cite a passage as answers do. The edition and pages were lost:
// "Field Operations Handbook, Training Cell" for "Field Operations Handbook (2023), Training
// Cell".
func TestSourcePassage(t *testing.T) {
	p := &corpus.Passage{ID: "2b8d156d98a4", DocumentID: "foh", Title: "Field Operations Handbook", Author: "Training Cell",
		Edition: "2023", Headings: []string{"Convoys"}, Text: "Every convoy shall carry water for ninety-six hours.",
		FirstLine: 3, LastLine: 4, FirstPage: 7, LastPage: 8}
	if got := SourceOf(p).Passage(); !reflect.DeepEqual(got, p) {
		t.Errorf("SourceOf(p).Passage() = %+v, want %+v", got, p)
	}
}

// TestUpdateSources checks that an item stored before its Source kept the edition gets it
// from the passage with its document and passage ID, and that an item whose passage is gone
// keeps its Source.
func TestUpdateSources(t *testing.T) {
	doc, err := corpus.Parse("foh.md", []byte("# Convoys\n\nEvery convoy shall carry water for ninety-six hours.\n"),
		corpus.Meta{ID: "foh", Title: "Field Operations Handbook", Author: "Training Cell", Edition: "2023"})
	if err != nil {
		t.Fatal(err)
	}
	p := doc.Passages[0]
	stale := SourceOf(&p)
	stale.Edition = ""
	gone := stale
	gone.PassageID = "000000000000"
	items := []Item{{Source: stale}, {Source: gone}}
	if n := UpdateSources(items, []*corpus.Document{doc}); n != 1 || items[0].Source.Edition != "2023" || !reflect.DeepEqual(items[1].Source, gone) {
		t.Errorf("UpdateSources changed %d: %+v", n, items)
	}
}
