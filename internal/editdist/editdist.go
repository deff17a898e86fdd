// Package editdist measures how far apart two words are spelt: the edit distance that the
// spelling correction of questions (package bot) and the check that a quiz distractor is no
// misprint of its answer (package quiz) share.
package editdist

// Distance is the optimal-string-alignment Damerau–Levenshtein distance of a and b, in runes
// (insertions, deletions, substitutions and transpositions of two neighbours; Damerau 1964),
// or limit+1 as soon as every alignment exceeds limit.
func Distance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
