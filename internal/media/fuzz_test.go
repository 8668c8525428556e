package media

import (
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"testing"
)

// FuzzProcess feeds Process anything: it must refuse or accept, never
// panic (it runs process, without the recover that would hide one), and
// what it accepts must hold variants within the limits.
func FuzzProcess(f *testing.F) {
	// Smooth pictures make small seeds (a few KB): the fuzzer minimizes
	// every new input by running it again and again.
	f.Add(encodeJPEG(f, smooth(240, 160)))
	f.Add(withSegments(encodeJPEG(f, smooth(200, 120)), segment(0xe1, exifBlock(binary.LittleEndian, 6))))
	f.Add(encodePNG(f, smooth(220, 120)))
	f.Add(twoFrameGIF(f, 210, 110))
	f.Add(solidWebP(230, 130, color.NRGBA{40, 80, 120, 200}))
	f.Add(pngHeader(30000, 30000))
	f.Add([]byte("%PDF-1.4"))
	f.Fuzz(func(t *testing.T, data []byte) {
		// A tiny file may rightly declare a big picture (a WebP of one
		// colour, 7000 pixels square, is 40 bytes); decoding it (or a mere
		// megapixel, under the fuzzer's instrumentation) is
		// allowed but takes seconds, which would stall the fuzzer on one
		// input. Such files are refused or accepted by the same code as
		// small ones.
		if format, _ := Detect(data); format != "" {
			if cfg, err := decodeConfig(format, data); err == nil && cfg.Width*cfg.Height > 1<<18 && cfg.Width*cfg.Height <= MaxPixels {
				return
			}
		}
		panicked := false
		p, err := func() (p Processed, err error) {
			defer func() {
				if v := recover(); v != nil {
					panicked = true
				}
			}()
			return process(data)
		}()
		if panicked {
			t.Fatalf("Process panicked on %d bytes %q", len(data), data[:min(len(data), 32)])
		}
		if err != nil {
			var me *Error
			if !errors.As(err, &me) {
				t.Fatalf("error %v is not a refusal", err)
			}
			return
		}
		if p.Width < MinWidth || p.Height < MinHeight || len(p.Variants) == 0 {
			t.Fatalf("accepted %d × %d with %d variants", p.Width, p.Height, len(p.Variants))
		}
		if last := p.Variants[len(p.Variants)-1]; last.Width > p.Width || last.Width > Widths[len(Widths)-1] {
			t.Fatalf("variant %d wide from a picture %d wide", last.Width, p.Width)
		}
	})
}

// smooth is a w × h gradient without grain.
func smooth(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetRGBA(x, y, color.RGBA{uint8(x), uint8(y), 128, 255})
		}
	}
	return img
}
