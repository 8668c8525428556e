package media

import (
	"image"
	"image/color"
	stddraw "image/draw"
	"math"
	"math/rand/v2"
	"testing"

	"golang.org/x/image/draw"
)

// grey is an opaque grey of level v.
func grey(v uint8) color.RGBA { return color.RGBA{v, v, v, 255} }

// scaled resamples src to a new w × h picture.
func scaled(src image.Image, w, h int) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	resample(dst, src)
	return dst
}

// sizePairs are source and destination lengths of one dimension: equal,
// halved, the cascade's ratios, odd ratios, enlargements and the
// degenerate one-pixel cases.
var sizePairs = [][2]int{
	{1, 1}, {2, 1}, {7, 1}, {1, 3}, {3, 7}, {7, 3}, {8, 4}, {10, 10}, {11, 4}, {100, 33},
	{641, 320}, {1000, 333}, {1024, 640}, {1600, 1024}, {2400, 1600}, {4000, 2400}, {4000, 1601}, {5, 1000},
}

func TestTapsSumToOneAndStayInside(t *testing.T) {
	for _, p := range sizePairs {
		n, m := p[0], p[1]
		tp := makeTaps(n, m)
		prevFirst, prevEnd := 0, 0
		for i := range m {
			first, count := tp.first[i], tp.count[i]
			if first < 0 || count < 1 || count > tp.stride || first+count > n {
				t.Fatalf("%d → %d: output %d takes %d pixels from %d (stride %d)", n, m, i, count, first, tp.stride)
			}
			// The ring of rows in resample needs both ends to only grow.
			if first < prevFirst || first+count < prevEnd {
				t.Fatalf("%d → %d: output %d spans %d-%d after %d-%d", n, m, i, first, first+count, prevFirst, prevEnd)
			}
			prevFirst, prevEnd = first, first+count
			var sum float64
			for _, w := range tp.w[i*tp.stride:][:count] {
				sum += float64(w)
			}
			if math.Abs(sum-1) > 1e-6 {
				t.Errorf("%d → %d: the weights of output %d sum to %v", n, m, i, sum)
			}
		}
	}
}

// TestCubicKernel checks the kernel's defining values: 1 at 0, 0 at the
// other integers and beyond 2, symmetric, with the negative lobe of
// Catmull-Rom (its minimum, -2/27, at t = 4/3).
func TestCubicKernel(t *testing.T) {
	for _, c := range []struct{ x, want float64 }{
		{0, 1}, {1, 0}, {-1, 0}, {2, 0}, {-2, 0}, {3, 0}, {0.5, 0.5625}, {-0.5, 0.5625}, {1.5, -0.0625}, {4.0 / 3, -2.0 / 27},
	} {
		if got := cubic(c.x); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("cubic(%v) = %v, want %v", c.x, got, c.want)
		}
	}
}

func TestResampleKeepsFlatColourExactly(t *testing.T) {
	colours := []color.RGBA{grey(0), grey(255), {200, 17, 99, 255}, {60, 30, 90, 128}, {0, 0, 0, 0}}
	for _, sw := range []int{1, 3, 8, 101} {
		for _, dw := range []int{1, 2, 5, 33, 160} {
			for _, c := range colours {
				src := image.NewRGBA(image.Rect(0, 0, sw, sw/2+1))
				fill(src, src.Rect, c)
				dst := scaled(src, dw, dw/3+1)
				for y := range dst.Rect.Dy() {
					for x := range dw {
						if got := dst.RGBAAt(x, y); got != c {
							t.Fatalf("%v at %d × %d → %d × %d: (%d, %d) is %v", c, sw, sw/2+1, dw, dw/3+1, x, y, got)
						}
					}
				}
			}
		}
	}
}

// checkerboard is a w × h board of one-pixel black and white squares.
func checkerboard(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetRGBA(x, y, grey(uint8(255*((x+y)%2))))
		}
	}
	return img
}

// TestResampleAveragesCheckerboard: the finest pattern there is, shrunk,
// must become the grey it averages to, not a coarser pattern. Within a
// few pixels of the border the edge pixel stands in for the pixels
// beyond it, which breaks the pattern's alternation there, so the border
// is held to a looser bound.
func TestResampleAveragesCheckerboard(t *testing.T) {
	src := checkerboard(400, 300)
	for _, c := range []struct{ w, h int }{{200, 150}, {100, 75}, {133, 100}, {171, 129}, {240, 180}} {
		dst := scaled(src, c.w, c.h)
		inner, border := 0.0, 0.0
		for y := range c.h {
			for x := range c.w {
				p := dst.RGBAAt(x, y)
				if p.A != 255 || p.R != p.G || p.G != p.B {
					t.Fatalf("%d × %d: (%d, %d) is %v", c.w, c.h, x, y, p)
				}
				d := math.Abs(float64(p.R) - 127.5)
				if x < 3 || y < 3 || x >= c.w-3 || y >= c.h-3 {
					border = max(border, d)
				} else {
					inner = max(inner, d)
				}
			}
		}
		t.Logf("400 × 300 → %d × %d: at most %.1f from mid-grey inside, %.1f at the border", c.w, c.h, inner, border)
		if inner > 0.5 || border > 8 {
			t.Errorf("400 × 300 checkerboard → %d × %d: a pixel is %.1f from mid-grey inside (want at most 0.5), %.1f at the border (want at most 8)",
				c.w, c.h, inner, border)
		}
	}
}

// TestResampleKeepsStepsSharp shrinks a vertical edge between two greys:
// the output must cross from one to the other within two pixels (a
// blurring filter takes more) and overshoot by little (a sinc-like
// filter rings).
func TestResampleKeepsStepsSharp(t *testing.T) {
	const lo, hi = 64, 192
	src := image.NewRGBA(image.Rect(0, 0, 600, 6))
	fill(src, image.Rect(0, 0, 300, 6), grey(lo))
	fill(src, image.Rect(300, 0, 600, 6), grey(hi))
	for _, dw := range []int{300, 257, 200, 120} {
		dst := scaled(src, dw, 3)
		row := make([]int, dw)
		for x := range dw {
			row[x] = int(dst.RGBAAt(x, 1).R)
		}
		ring, between := 0, 0
		for _, v := range row {
			ring = max(ring, lo-v, v-hi)
			if v > lo+(hi-lo)/10 && v < hi-(hi-lo)/10 {
				between++
			}
		}
		if between > 2 {
			t.Errorf("600 → %d: %d pixels between 10%% and 90%% of the step, want at most 2: %v", dw, between, row[dw/2-4:dw/2+4])
		}
		if ring > (hi-lo)/12 {
			t.Errorf("600 → %d: overshoot of %d levels on a step of %d: %v", dw, ring, hi-lo, row[dw/2-4:dw/2+4])
		}
		if row[0] != lo || row[dw-1] != hi || row[dw/4] != lo || row[3*dw/4] != hi {
			t.Errorf("600 → %d: the flat sides changed: %v ... %v", dw, row[:3], row[dw-3:])
		}
	}
}

func TestResampleKeepsGradientsMonotonic(t *testing.T) {
	const n = 1000
	horizontal := image.NewRGBA(image.Rect(0, 0, n, 4))
	vertical := image.NewRGBA(image.Rect(0, 0, 4, n))
	for i := range n {
		v := uint8(i * 255 / (n - 1))
		fill(horizontal, image.Rect(i, 0, i+1, 4), color.RGBA{v, 255 - v, v / 2, 255})
		fill(vertical, image.Rect(0, i, 4, i+1), color.RGBA{v, 255 - v, v / 2, 255})
	}
	for _, m := range []int{999, 640, 501, 333, 100, 7} {
		h, v := scaled(horizontal, m, 2), scaled(vertical, 3, m)
		for i := 1; i < m; i++ {
			for _, pair := range [][2]color.RGBA{{h.RGBAAt(i-1, 1), h.RGBAAt(i, 1)}, {v.RGBAAt(1, i-1), v.RGBAAt(1, i)}} {
				a, b := pair[0], pair[1]
				if b.R < a.R || b.G > a.G || b.B < a.B {
					t.Fatalf("%d → %d: pixel %d is %v after %v", n, m, i, b, a)
				}
			}
		}
		if first, last := int(h.RGBAAt(0, 1).R), int(h.RGBAAt(m-1, 1).R); m > 2 && (first > 255/m+1 || last < 254-255/m) {
			t.Errorf("%d → %d: the gradient runs from %d to %d only", n, m, first, last)
		}
	}
}

// TestResampleTinySizes: one-pixel sources and destinations, and ratios
// that divide nothing.
func TestResampleTinySizes(t *testing.T) {
	column := image.NewRGBA(image.Rect(0, 0, 1, 9))
	for y := range 9 {
		column.SetRGBA(0, y, grey(uint8(20*y)))
	}
	for _, c := range []struct{ w, h int }{{1, 1}, {1, 2}, {1, 4}, {1, 9}, {3, 1}, {2, 5}} {
		dst := scaled(column, c.w, c.h)
		for y := range c.h {
			for x := range c.w {
				if p := dst.RGBAAt(x, y); p.A != 255 || p.R > 160 || p.R != p.G {
					t.Errorf("1 × 9 → %d × %d: (%d, %d) is %v", c.w, c.h, x, y, p)
				}
			}
		}
	}
	// One pixel from a symmetric column is its mean, 80.
	if p := scaled(column, 1, 1).RGBAAt(0, 0); p != grey(80) {
		t.Errorf("1 × 9 → 1 × 1 is %v, want the mean %v", p, grey(80))
	}
	dot := image.NewRGBA(image.Rect(0, 0, 1, 1))
	dot.SetRGBA(0, 0, color.RGBA{9, 8, 7, 200})
	for _, c := range []struct{ w, h int }{{1, 1}, {5, 3}, {1, 7}} {
		dst := scaled(dot, c.w, c.h)
		for i := 0; i < len(dst.Pix); i += 4 {
			if got := [4]uint8(dst.Pix[i : i+4]); got != [4]uint8{9, 8, 7, 200} {
				t.Fatalf("1 × 1 → %d × %d: pixel %d is %v", c.w, c.h, i/4, got)
			}
		}
	}
	odd := scaled(photo(97, 61, 4), 13, 11)
	for i := 3; i < len(odd.Pix); i += 4 {
		if odd.Pix[i] != 255 {
			t.Fatalf("97 × 61 → 13 × 11: pixel %d has alpha %d", i/4, odd.Pix[i])
		}
	}
}

// TestResampleHalvingByHand: shrinking 2:1 stretches the kernel twice,
// so the eight source pixels around an output pixel's centre lie at
// ±0.25, ±0.75, ±1.25 and ±1.75 kernel units from it, where the kernel
// is 111/128, 29/128, -9/128 and -3/128; these sum to 2 and, normalized,
// weigh -3, -9, 29, 111, 111, 29, -9, -3 (in 256ths), the weights of
// pixels beyond an edge going to the edge pixel. Two source rows go to
// one output row with 128/256 each, their mean.
func TestResampleHalvingByHand(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 8, 2))
	for x, v := range []uint8{10, 20, 30, 40, 200, 180, 60, 50} {
		src.SetRGBA(x, 0, grey(v))
		src.SetRGBA(x, 1, grey(v+20))
	}
	// With the rows' mean m = 20, 30, 40, 50, 210, 190, 70, 60:
	// (128·20 + 111·30 + 29·40 - 9·50 - 3·210) / 256 = 5970/256 = 23.32
	// (-12·20 + 29·30 + 111·40 + 111·50 + 29·210 - 9·190 - 3·70) / 256 = 14790/256 = 57.77
	// (-3·30 - 9·40 + 29·50 + 111·210 + 111·190 + 29·70 - 12·60) / 256 = 46710/256 = 182.46
	// (-3·50 - 9·210 + 29·190 + 111·70 + 128·60) / 256 = 18920/256 = 73.91
	want := []uint8{23, 58, 182, 74}
	dst := scaled(src, 4, 1)
	for x, v := range want {
		if got := dst.RGBAAt(x, 0); got != grey(v) {
			t.Errorf("pixel %d is %v, want %v", x, got, grey(v))
		}
	}
	tp := makeTaps(8, 4)
	if tp.first[1] != 0 || tp.count[1] != 7 {
		t.Errorf("output 1 takes %d pixels from %d, want 7 from 0", tp.count[1], tp.first[1])
	}
	for k, w := range []float32{-12, 29, 111, 111, 29, -9, -3} {
		if got := tp.w[1*tp.stride+k]; got != w/256 {
			t.Errorf("output 1, tap %d weighs %v, want %v/256", k, got, w)
		}
	}
}

// TestResampleSameSizeCopies: at the same size Catmull-Rom is the
// identity (1 at the centre, 0 at the neighbours).
func TestResampleSameSizeCopies(t *testing.T) {
	src := photo(31, 17, 5)
	dst := scaled(src, 31, 17)
	if string(dst.Pix) != string(src.Pix) {
		t.Error("resampling to the same size changed pixels")
	}
	// The filter itself, which resample skips at the same size, weighs
	// each pixel's own by 1 and its neighbours (at ±1 and ±2) by 0.
	tp := makeTaps(17, 17)
	for i := range 17 {
		var centre float32
		for k, w := range tp.w[i*tp.stride:][:tp.count[i]] {
			if tp.first[i]+k == i {
				centre = w
			} else if w != 0 {
				t.Errorf("17 → 17: output %d weighs source %d by %v", i, tp.first[i]+k, w)
			}
		}
		if centre != 1 {
			t.Errorf("17 → 17: output %d weighs its own pixel by %v", i, centre)
		}
	}
}

// TestResampleReadsAnyImage: a decoded JPEG (YCbCr), a PNG's NRGBA and
// sub-images whose bounds do not start at 0 scale as their RGBA
// conversion does.
func TestResampleReadsAnyImage(t *testing.T) {
	base := photo(120, 90, 6)
	ycc := image.NewYCbCr(image.Rect(0, 0, 120, 90), image.YCbCrSubsampleRatio420)
	for y := range 90 {
		for x := range 120 {
			p := base.RGBAAt(x, y)
			yy, cb, cr := color.RGBToYCbCr(p.R, p.G, p.B)
			ycc.Y[ycc.YOffset(x, y)] = yy
			ycc.Cb[ycc.COffset(x, y)] = cb
			ycc.Cr[ycc.COffset(x, y)] = cr
		}
	}
	nrgba := image.NewNRGBA(image.Rect(0, 0, 120, 90))
	stddraw.Draw(nrgba, nrgba.Rect, base, image.Point{}, stddraw.Src)
	for i := 3; i < len(nrgba.Pix); i += 8 {
		nrgba.Pix[i] = 100 // translucent, so premultiplying matters
	}
	for _, src := range []image.Image{ycc, nrgba, base.SubImage(image.Rect(10, 20, 110, 80)), ycc.SubImage(image.Rect(7, 5, 99, 70))} {
		b := src.Bounds()
		rgba := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
		stddraw.Draw(rgba, rgba.Rect, src, b.Min, stddraw.Src)
		got, want := scaled(src, 41, 23), scaled(rgba, 41, 23)
		if string(got.Pix) != string(want.Pix) {
			t.Errorf("%T %v scales differently from its RGBA conversion", src, b)
		}
	}
}

// TestResampleKeepsPremultipliedValid: next to a transparent area the
// filter's negative lobes can push a colour above its alpha, which is
// no colour at all; it is clamped.
func TestResampleKeepsPremultipliedValid(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 90, 10))
	fill(src, image.Rect(45, 0, 90, 10), color.RGBA{250, 0, 0, 255})
	for x := 44; x >= 40; x-- {
		src.SetRGBA(x, 5, color.RGBA{uint8(20 * (45 - x)), 0, 0, uint8(20 * (45 - x))})
	}
	for _, w := range []int{60, 45, 31, 13} {
		dst := scaled(src, w, 7)
		for i := 0; i < len(dst.Pix); i += 4 {
			if p := dst.Pix[i : i+4]; p[0] > p[3] || p[1] > p[3] || p[2] > p[3] {
				t.Fatalf("90 → %d: pixel %d is %v, colour above alpha", w, i/4, p)
			}
		}
		if p := dst.RGBAAt(w-1, 3); p != (color.RGBA{250, 0, 0, 255}) {
			t.Errorf("90 → %d: the opaque side became %v", w, p)
		}
		if p := dst.RGBAAt(0, 3); p != (color.RGBA{}) {
			t.Errorf("90 → %d: the transparent side became %v", w, p)
		}
	}
}

// TestResampleAvoidsMoire repeats TestScalerAvoidsMoire's measure on the
// streaming resampler: one-pixel stripes shrunk from 4000 to 2400
// pixels must give a grey as even as x/image/draw's Catmull-Rom gave.
// Both use the same kernel, so inside the picture they agree; at the
// two outermost pixels they differ by the edge rule (x/image/draw drops
// the taps beyond the edge, resample repeats the edge pixel), which is
// no moiré, so the comparison leaves out four pixels at each end.
func TestResampleAvoidsMoire(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 4000, 50))
	for x := 0; x < 4000; x += 2 {
		fill(src, image.Rect(x, 0, x+1, 50), grey(255))
		fill(src, image.Rect(x+1, 0, x+2, 50), grey(0))
	}
	spread := func(dst *image.RGBA, from, to int) float64 {
		var sum, sq float64
		for x := from; x < to; x++ {
			v := float64(dst.RGBAAt(x, 15).R)
			sum += v
			sq += v * v
		}
		n := float64(to - from)
		return math.Sqrt(sq/n - (sum/n)*(sum/n))
	}
	ours := scaled(src, 2400, 30)
	cr := image.NewRGBA(image.Rect(0, 0, 2400, 30))
	draw.CatmullRom.Scale(cr, cr.Rect, src, src.Rect, draw.Src, nil)
	t.Logf("standard deviation of the grey: streaming %.2f, x/image/draw Catmull-Rom %.2f (of 255); the whole row %.2f and %.2f",
		spread(ours, 4, 2396), spread(cr, 4, 2396), spread(ours, 0, 2400), spread(cr, 0, 2400))
	if s, c := spread(ours, 4, 2396), spread(cr, 4, 2396); s > c {
		t.Errorf("stripes left with deviation %.2f, Catmull-Rom left %.2f", s, c)
	}
	if s := spread(ours, 0, 2400); s > 4 {
		t.Errorf("stripes left with deviation %.2f over the whole row", s)
	}
}

// FuzzResample: any sizes scale without panicking and write every
// destination pixel (an opaque source gives alpha 255 everywhere, over a
// destination that starts transparent).
func FuzzResample(f *testing.F) {
	f.Add(uint16(4000), uint16(3), uint16(2400), uint16(2), uint64(1))
	f.Add(uint16(1), uint16(1), uint16(1), uint16(1), uint64(2))
	f.Add(uint16(7), uint16(300), uint16(3), uint16(1), uint64(3))
	f.Add(uint16(2), uint16(2), uint16(300), uint16(5), uint64(4))
	f.Fuzz(func(t *testing.T, sw, sh, dw, dh uint16, seed uint64) {
		// Keep each run under a few million pixels either side.
		sw, sh, dw, dh = sw%4096+1, sh%512+1, dw%4096+1, dh%512+1
		src := image.NewRGBA(image.Rect(0, 0, int(sw), int(sh)))
		rng := rand.New(rand.NewPCG(seed, 9))
		for i := range src.Pix {
			src.Pix[i] = uint8(rng.Uint32())
			if i%4 == 3 {
				src.Pix[i] = 255
			}
		}
		dst := scaled(src, int(dw), int(dh))
		for i := 3; i < len(dst.Pix); i += 4 {
			if dst.Pix[i] != 255 {
				t.Fatalf("%d × %d → %d × %d: pixel %d has alpha %d", sw, sh, dw, dh, i/4, dst.Pix[i])
			}
		}
	})
}

// BenchmarkResample is the scaling step alone: a 12-megapixel RGBA
// photo to the 2400-pixel variant, streamed and with x/image/draw's
// Catmull-Rom, which variants used before.
func BenchmarkResample(b *testing.B) {
	src := photo(4000, 3000, 12)
	for _, tc := range []struct {
		name   string
		scaler func(dst *image.RGBA, src image.Image)
	}{
		{"Streaming", resample},
		{"CatmullRom", drawScaler(draw.CatmullRom)},
	} {
		b.Run(tc.name, func(b *testing.B) {
			dst := image.NewRGBA(image.Rect(0, 0, 2400, 1800))
			for b.Loop() {
				tc.scaler(dst, src)
			}
		})
	}
}
