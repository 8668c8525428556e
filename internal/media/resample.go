package media

import (
	"image"
	stddraw "image/draw"
	"math"
)

// This file scales pictures with a separable cubic filter in bounded
// memory. A general scaler filters the whole picture horizontally into
// a buffer as tall as the source, then vertically: for a 4000 × 3000
// photo going to 2400 pixels that buffer is 2400 × 3000 × 4 channels,
// over 200 MB in float64. Here each source row is filtered
// horizontally as it is read, into a ring of as many rows as the
// vertical filter has taps, and each output row is made from the ring
// once the rows it needs are there: the scratch memory is a few rows of
// the destination's width, whatever the source's height.

// cubic is the Catmull-Rom kernel: the piecewise cubic k with k(0) = 1,
// k(n) = 0 at every other integer, a continuous slope, and zero beyond
// |x| = 2, in Keys' family with the free parameter a = -1/2, the value
// for which interpolating with it reproduces quadratics exactly. With
// t = |x| and a = -1/2:
//
//	k = (a+2)t³ - (a+3)t² + 1     = 1.5t³ - 2.5t² + 1        for t < 1
//	k = a(t³ - 5t² + 8t - 4)      = -0.5t³ + 2.5t² - 4t + 2  for 1 ≤ t < 2
//
// It is sharp (its small negative lobes keep edges crisp) without the
// ringing of wider windowed-sinc filters.
func cubic(x float64) float64 {
	t := math.Abs(x)
	switch {
	case t < 1:
		return (1.5*t-2.5)*t*t + 1
	case t < 2:
		return ((-0.5*t+2.5)*t-4)*t + 2
	}
	return 0
}

// taps are the precomputed weights of one dimension: output pixel i is
// the weighted sum of the count[i] source pixels from first[i], with
// the weights w[i*stride:][:count[i]], which sum to 1.
type taps struct {
	first, count []int
	stride       int
	w            []float32
}

// makeTaps computes the weights that take n source pixels to m. An
// output pixel's centre i+½ lies at (i+½)·n/m in the source, that is at
// source pixel c = (i+½)·n/m - ½. When shrinking, the kernel is
// stretched by the scale n/m, so that it spans as many source pixels as
// fall between neighbouring output pixels (and then some): every source
// pixel counts, and a pattern finer than the output grid averages out
// instead of folding back as moiré. When enlarging it is the kernel
// itself. Pixels beyond an edge are the edge pixel repeated, so their
// weights are added to it.
func makeTaps(n, m int) taps {
	scale := float64(n) / float64(m)
	stretch := max(scale, 1)
	support := 2 * stretch
	stride := min(n, int(math.Ceil(2*support))+1)
	t := taps{first: make([]int, m), count: make([]int, m), stride: stride, w: make([]float32, m*stride)}
	acc := make([]float64, stride)
	for i := range m {
		c := (float64(i)+0.5)*scale - 0.5
		lo := int(math.Ceil(c - support))
		hi := int(math.Floor(c + support))
		first := min(max(lo, 0), n-1)
		last := min(max(hi, 0), n-1)
		clear(acc)
		var sum float64
		for j := lo; j <= hi; j++ {
			k := cubic((float64(j) - c) / stretch)
			acc[min(max(j, 0), n-1)-first] += k
			sum += k
		}
		// first and last only grow with i (lo and hi do), which the
		// ring of rows in resample relies on.
		span := acc[:last-first+1]
		t.first[i], t.count[i] = first, len(span)
		w := t.w[i*stride : i*stride+len(span)]
		for k, v := range span {
			w[k] = float32(v / sum)
		}
	}
	return t
}

// resample scales all of src into all of dst.Rect with the Catmull-Rom
// filter, keeping RGBA's premultiplied alpha (filtering premultiplied
// values is what weighs a transparent pixel's colour by nothing). src
// is read one row at a time, in order: an *image.RGBA in place, any
// other image converted a row at a time through image/draw's fast
// paths, so a decoded JPEG is never copied whole.
func resample(dst *image.RGBA, src image.Image) {
	sb, db := src.Bounds(), dst.Rect
	sw, sh, dw, dh := sb.Dx(), sb.Dy(), db.Dx(), db.Dy()
	if dw <= 0 || dh <= 0 || sw <= 0 || sh <= 0 {
		return
	}
	rows := rowReader(src)
	if sw == dw && sh == dh {
		for y := range dh {
			copy(dst.Pix[y*dst.Stride:][:dw*4], rows(y))
		}
		return
	}
	h, v := makeTaps(sw, dw), makeTaps(sh, dh)
	ringLen := 0
	for _, n := range v.count {
		ringLen = max(ringLen, n)
	}
	ring := make([][]float32, ringLen)
	for i := range ring {
		ring[i] = make([]float32, dw*4)
	}
	acc := make([]float32, dw*4)
	next := 0 // the next source row to filter horizontally
	for y := range dh {
		first, n := v.first[y], v.count[y]
		for ; next < first+n; next++ {
			h.filterRow(ring[next%ringLen], rows(next))
		}
		w := v.w[y*v.stride:][:n]
		for k, wt := range w {
			row := ring[(first+k)%ringLen][:len(acc)]
			if k == 0 {
				for i, p := range row {
					acc[i] = wt * p
				}
				continue
			}
			for i, p := range row {
				acc[i] += wt * p
			}
		}
		storeRow(dst.Pix[y*dst.Stride:][:dw*4], acc)
	}
}

// rowReader returns a function giving row y (from 0) of src as RGBA
// bytes, premultiplied. The slice it returns is only valid until the
// next call.
func rowReader(src image.Image) func(y int) []uint8 {
	b := src.Bounds()
	if rgba, ok := src.(*image.RGBA); ok {
		return func(y int) []uint8 {
			i := rgba.PixOffset(b.Min.X, b.Min.Y+y)
			return rgba.Pix[i : i+b.Dx()*4]
		}
	}
	buf := image.NewRGBA(image.Rect(0, 0, b.Dx(), 1))
	return func(y int) []uint8 {
		stddraw.Draw(buf, buf.Rect, src, image.Pt(b.Min.X, b.Min.Y+y), stddraw.Src)
		return buf.Pix
	}
}

// filterRow filters one source row of RGBA bytes horizontally into out,
// four float32 channels for each output pixel.
func (t *taps) filterRow(out []float32, src []uint8) {
	for x := range len(out) / 4 {
		first, n := t.first[x], t.count[x]
		w := t.w[x*t.stride:][:n]
		p := src[first*4:][:n*4]
		var r, g, b, a float32
		for k, wt := range w {
			q := p[k*4 : k*4+4 : k*4+4]
			r += wt * float32(q[0])
			g += wt * float32(q[1])
			b += wt * float32(q[2])
			a += wt * float32(q[3])
		}
		o := out[x*4 : x*4+4 : x*4+4]
		o[0], o[1], o[2], o[3] = r, g, b, a
	}
}

// storeRow rounds a filtered row to bytes. The filter's negative lobes
// can take a value outside 0-255, which is clamped, or a colour channel
// above its alpha near the edge of something transparent, which would
// be no valid premultiplied colour (un-premultiplying it, as a PNG
// encoder does, would overflow), so colour is clamped to alpha too.
func storeRow(dst []uint8, acc []float32) {
	for x := 0; x+3 < len(acc); x += 4 {
		s := acc[x : x+4 : x+4]
		d := dst[x : x+4 : x+4]
		a := clamp8(s[3])
		d[0], d[1], d[2], d[3] = min(clamp8(s[0]), a), min(clamp8(s[1]), a), min(clamp8(s[2]), a), a
	}
}

// clamp8 rounds v to the nearest byte, halves up, within 0-255.
func clamp8(v float32) uint8 {
	v += 0.5
	switch {
	case v <= 0:
		return 0
	case v >= 255:
		return 255
	}
	return uint8(v)
}
