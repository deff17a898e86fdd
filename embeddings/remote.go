package embeddings

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/doctrinebot/doctrinebot/llm"
)

// ErrDimension means an endpoint's embedding has another dimension than the one expected (the
// library's, or the model's first answer).
var ErrDimension = errors.New("embeddings: wrong dimension")

// ErrBadVector means an endpoint's embedding is no direction: a zero vector, or one holding
// NaN or an infinity. Stored, it would make every similarity with it NaN.
var ErrBadVector = errors.New("embeddings: not a usable vector")

// Remote embeds text with a model behind an OpenAI-compatible /v1/embeddings endpoint.
type Remote struct {
	client *llm.Client
	model  string
	dim    int
	batch  int
}

// NewRemote returns a model served by client under the name model. dim is the dimension the
// vectors must have (0: whatever the first answer has, then always that); batch is how many
// texts one request carries (default 64).
func NewRemote(client *llm.Client, model string, dim, batch int) *Remote {
	if batch <= 0 {
		batch = 64
	}
	return &Remote{client: client, model: model, dim: dim, batch: batch}
}

// Name returns the model's name as the endpoint knows it.
func (r *Remote) Name() string { return r.model }

// Dim returns the vectors' dimension: the one given, or that of the first answer; 0 before.
func (r *Remote) Dim() int { return r.dim }

// Embed returns the unit-length embedding of text; it has the shape of chromem-go's
// EmbeddingFunc. Errors: the endpoint's (see llm.Client.Embed), ErrDimension.
func (r *Remote) Embed(ctx context.Context, text string) ([]float32, error) {
	vs, err := r.EmbedBatch(ctx, []string{text})
	if err != nil {
		return nil, err
	}
	return vs[0], nil
}

// EmbedBatch embeds texts in requests of at most the batch size, in order, each vector
// normalised to unit length. Errors as Embed's; ErrDimension names the vector's dimension.
func (r *Remote) EmbedBatch(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, 0, len(texts))
	for start := 0; start < len(texts); start += r.batch {
		end := min(start+r.batch, len(texts))
		vs, err := r.client.Embed(ctx, r.model, texts[start:end])
		if err != nil {
			return nil, fmt.Errorf("embeddings: %s: %w", r.model, err)
		}
		for i, v := range vs {
			if r.dim == 0 {
				r.dim = len(v)
			}
			if len(v) != r.dim {
				return nil, fmt.Errorf("%w: %s gave %d, want %d", ErrDimension, r.model, len(v), r.dim)
			}
			if why := badVector(v); why != "" {
				return nil, fmt.Errorf("%w: %s gave %s for text %d of %d", ErrBadVector, r.model, why, start+i+1, len(texts))
			}
			out = append(out, unit(v))
		}
	}
	return out, nil
}

// badVector says what makes v no direction — "a zero vector", "NaN", "an infinity" — or
// returns "" for a usable one.
func badVector(v []float32) string {
	zero := true
	for _, f := range v {
		switch {
		case math.IsNaN(float64(f)):
			return "NaN"
		case math.IsInf(float64(f), 0):
			return "an infinity"
		case f != 0:
			zero = false
		}
	}
	if zero {
		return "a zero vector"
	}
	return ""
}

// unit scales v to unit length in place (a zero vector stays zero) and returns it. The
// arithmetic is in float64, so that a vector of tiny components (1e-45) is scaled up rather
// than multiplied by a reciprocal that overflows float32.
func unit(v []float32) []float32 {
	var s float64
	for _, f := range v {
		s += float64(f) * float64(f)
	}
	if s > 0 {
		n := math.Sqrt(s)
		for i := range v {
			v[i] = float32(float64(v[i]) / n)
		}
	}
	return v
}
