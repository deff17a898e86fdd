package embeddings

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
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
		var req struct{ Input []string }
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		var data []map[string]any
		for i := range req.Input {
			v := make([]float32, dim)
			v[i%dim] = 2
			data = append(data, map[string]any{"object": "embedding", "index": i, "embedding": v})
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"object": "list", "model": "m", "data": data})
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
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
