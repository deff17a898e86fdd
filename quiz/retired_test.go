package quiz

import (
	"slices"
	"testing"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// TestRetiredDocuments checks the grouping of retired items: the library's documents each
// once, in order, and the built-in corpus's items counted apart.
func TestRetiredDocuments(t *testing.T) {
	builtin := corpus.Builtin()[0].ID
	item := func(doc string) Item { return Item{Source: Source{DocumentID: doc}} }
	docs, ofBuiltin := RetiredDocuments([]Item{item("b"), item(builtin), item("a"), item("b"), item(builtin)})
	if !slices.Equal(docs, []string{"b", "a"}) || ofBuiltin != 2 {
		t.Errorf("RetiredDocuments = %q, %d; want [b a], 2", docs, ofBuiltin)
	}
}
