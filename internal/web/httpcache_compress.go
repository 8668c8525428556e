package web

import (
	"bytes"
	"compress/gzip"
	"sync"

	"github.com/andybalholm/brotli"
)

// Compression levels, from BenchmarkCompress on a 40 KB page (2-core
// machine, November 2026): gzip 6 takes 0.8 ms and leaves 6.7% of the
// page; brotli 4 takes the same time and leaves 4.8%, brotli 5 0.9 ms
// and 4.2%; levels 6 to 10 cost 2 to 60 times more for no smaller
// output, and 11 leaves 3.8% after 110 ms. A response compressed per
// request pays on every request, so it gets brotli 4. A render cache
// entry is compressed once per fill, but fills follow every change to
// what a page shows (the home page's after every ingest batch), so it
// gets brotli 5, not 11, and gzip 9 for the clients without brotli.
const (
	gzipLevelLive   = gzip.DefaultCompression
	brotliLevelLive = 4
	gzipLevelCached = gzip.BestCompression
	brotliLevelKept = 5
)

var (
	gzipLive   = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzipLevelLive); return w }}
	gzipCached = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzipLevelCached); return w }}
	brLive     = sync.Pool{New: func() any { return brotli.NewWriterLevel(nil, brotliLevelLive) }}
	brCached   = sync.Pool{New: func() any { return brotli.NewWriterLevel(nil, brotliLevelKept) }}
)

// encSuffix is what a coding adds to the identity ETag.
func encSuffix(enc string) string {
	switch enc {
	case encGzip:
		return "-gz"
	case encBrotli:
		return "-br"
	}
	return ""
}

// compress writes body coded with enc (encGzip or encBrotli) to dst, at
// the cached levels when kept is set.
func compress(dst *bytes.Buffer, body []byte, enc string, kept bool) {
	switch enc {
	case encGzip:
		pool := &gzipLive
		if kept {
			pool = &gzipCached
		}
		zw := pool.Get().(*gzip.Writer)
		zw.Reset(dst)
		zw.Write(body)
		zw.Close()
		pool.Put(zw)
	case encBrotli:
		pool := &brLive
		if kept {
			pool = &brCached
		}
		bw := pool.Get().(*brotli.Writer)
		bw.Reset(dst)
		bw.Write(body)
		bw.Close()
		pool.Put(bw)
	}
}
