package embeddings

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/doctrinebot/doctrinebot/llm"
)

// embeddingServer answers /v1/embeddings with vectors of dimension dim; fail503 first
// answers that many requests with 503 and Retry-After 0.
func embeddingServer(t *testing.T, dim int, fail503 int32) (*httptest.Server, *atomic.Int32) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		if n <= fail503 {
			w.Header().Set("Retry-After", "0")
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		answer(w, r, func(i int) []float32 {
			v := make([]float32, dim)
			v[i%dim] = 2
			return v
		})
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

// answer answers a request to /v1/embeddings with the vector vector(i) for its input i.
func answer(w http.ResponseWriter, r *http.Request, vector func(i int) []float32) {
	var req struct{ Input []string }
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var data []map[string]any
	for i := range req.Input {
		data = append(data, map[string]any{"object": "embedding", "index": i, "embedding": vector(i)})
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"object": "list", "model": "m", "data": data})
}

func TestRemoteEmbeddings(t *testing.T) {
	srv, calls := embeddingServer(t, 8, 1)
	c := llm.New(llm.Config{BaseURL: srv.URL + "/v1", MaxBackoff: 10 * time.Millisecond})
	r := NewRemote(c, "m", 8, 2)
	vs, err := r.EmbedBatch(context.Background(), []string{"a", "b", "c"})
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 3 || vs[2][0] != 1 { // "c" is index 0 of the second batch: unit vector e0
		t.Errorf("vectors %v", vs)
	}
	if got := calls.Load(); got != 3 { // 503, then two batches
		t.Errorf("%d requests, want 3 (one 503 retried, two batches)", got)
	}
}

func TestRemoteWrongDimension(t *testing.T) {
	srv, _ := embeddingServer(t, 5, 0)
	r := NewRemote(llm.New(llm.Config{BaseURL: srv.URL + "/v1"}), "m", 8, 0)
	_, err := r.Embed(context.Background(), "text")
	if !errors.Is(err, ErrDimension) {
		t.Fatalf("error %v, want ErrDimension", err)
	}
}

// constantServer answers /v1/embeddings with the vector v for every input.
func constantServer(t *testing.T, v []float32) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		answer(w, r, func(int) []float32 { return v })
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestRemoteZeroVector checks that an endpoint answering with zero vectors is an error
// (ErrBadVector, naming the model and the text), where they were stored and made every
// similarity with them NaN (`ask --json` then failed with "json: unsupported value: NaN");
// and that a vector of tiny components is scaled to unit length, where its reciprocal norm
// overflowed float32 and made it infinite.
func TestRemoteZeroVector(t *testing.T) {
	r := NewRemote(llm.New(llm.Config{BaseURL: constantServer(t, make([]float32, 8)).URL + "/v1"}), "m", 8, 0)
	if _, err := r.EmbedBatch(context.Background(), []string{"a", "b"}); !errors.Is(err, ErrBadVector) || !strings.Contains(err.Error(), "m gave a zero vector for text 1 of 2") {
		t.Errorf("zero vectors: %v; want ErrBadVector naming the model and the text", err)
	}
	tiny := make([]float32, 8)
	for i := range tiny {
		tiny[i] = 1e-45
	}
	r = NewRemote(llm.New(llm.Config{BaseURL: constantServer(t, tiny).URL + "/v1"}), "m", 8, 0)
	v, err := r.Embed(context.Background(), "a")
	if err != nil {
		t.Fatal(err)
	}
	var s float64
	for _, f := range v {
		s += float64(f) * float64(f)
	}
	if math.Abs(s-1) > 1e-5 {
		t.Errorf("tiny vector scaled to %v, norm² %v; want unit length", v, s)
	}
}
