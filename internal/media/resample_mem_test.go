package media

import (
	"bytes"
	"image/jpeg"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"
)

// heapPeak samples the bytes held by heap objects every half
// millisecond while f runs, and returns the most seen. Sampling can
// miss a peak shorter than that, but not a scratch buffer that lives
// through a whole scaling pass.
func heapPeak(f func()) uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(500 * time.Microsecond)
		defer tick.Stop()
		for {
			peak = max(peak, read())
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})
	f()
	close(done)
	wg.Wait()
	return max(peak, read())
}

// TestProcessMemory measures one Process of a 12-megapixel phone photo
// (4000 × 3000): what it allocates in all, beyond what decoding the
// JPEG alone allocates, and the peak of the heap while it runs. Before
// the streaming resampler, scaling took a float64 buffer of the
// variant's width by the source's height (230 MB for the 2400-pixel
// variant) and allocated 480 MB in all; uploads run on small servers.
func TestProcessMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("makes and encodes a 12-megapixel photo")
	}
	data := encodeJPEG(t, photo(4000, 3000, 12))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	if _, err := jpeg.Decode(bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	decoded := after.TotalAlloc - before.TotalAlloc

	runtime.GC()
	runtime.ReadMemStats(&before)
	base := heapPeak(func() {})
	peak := heapPeak(func() {
		if _, err := Process(data); err != nil {
			t.Error(err)
		}
	})
	runtime.ReadMemStats(&after)
	total := after.TotalAlloc - before.TotalAlloc
	t.Logf("one Process of 4000 × 3000: allocated %.1f MB (decoding alone %.1f MB, the rest %.1f MB); heap peak %.1f MB above the %.1f MB before",
		mb(total), mb(decoded), mb(total-decoded), mb(peak-min(peak, base)), mb(base))
	if total-decoded > 100<<20 {
		t.Errorf("Process allocated %.1f MB beyond decoding, want under 100 MB", mb(total-decoded))
	}
}

func mb(n uint64) float64 { return float64(n) / (1 << 20) }
