package lexicon

import "testing"

func TestZZDump(t *testing.T) {
	l := Builtin()
	for _, p := range []string{"pass away", "step down", "pat down", "sign off", "put up", "lend a hand", "size up", "secret agent", "pull out", "drawn out", "well run", "long term", "give up", "carry out", "x ray", "a lot"} {
		t.Logf("%q: %v", p, l.PhraseRelated(p))
	}
}
