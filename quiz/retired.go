package quiz

import (
	"slices"

	"github.com/doctrinebot/doctrinebot/corpus"
)

// RetiredDocuments groups items a library stored retired (see library.Library.AddItems) by
// why: docs holds the IDs of the documents whose passages they lost, each once, in the items'
// order; ofBuiltin counts the items of the built-in corpus (corpus.Builtin), retired because
// the library holds documents now and answers come from them.
func RetiredDocuments(retired []Item) (docs []string, ofBuiltin int) {
	builtin := map[string]bool{}
	for _, d := range corpus.Builtin() {
		builtin[d.ID] = true
	}
	for _, it := range retired {
		switch d := it.Source.DocumentID; {
		case builtin[d]:
			ofBuiltin++
		case !slices.Contains(docs, d):
			docs = append(docs, d)
		}
	}
	return docs, ofBuiltin
}
