package web

import (
	"bytes"
	"compress/gzip"
	"sync"

	"github.com/andybalholm/brotli"
)

// Compression levels. A response compressed per request pays for it on
// every request, so it uses levels that cost less than they save on the
// wire: brotli 5 makes a 40 KB page smaller than gzip 6 does, in less
// time (BenchmarkCompress). A render cache entry is compressed once and
// sent thousands of times, so it takes the slower, smaller levels.
const (
	gzipLevelLive   = gzip.DefaultCompression
	brotliLevelLive = 5
	gzipLevelCached = gzip.BestCompression
	brotliLevelKept = 9
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
