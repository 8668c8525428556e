package media

import (
	"encoding/binary"
	"errors"
	"image/color"
	"testing"
)

// FuzzProcess feeds Process anything: it must refuse or accept, never
// panic (it runs process, without the recover that would hide one), and
// what it accepts must hold variants within the limits.
func FuzzProcess(f *testing.F) {
	f.Add(encodeJPEG(f, photo(240, 160, 1)))
	f.Add(withSegments(encodeJPEG(f, photo(200, 120, 2)), segment(0xe1, exifBlock(binary.LittleEndian, 6))))
	f.Add(encodePNG(f, photo(220, 120, 3)))
	f.Add(twoFrameGIF(f, 210, 110))
	f.Add(solidWebP(230, 130, color.NRGBA{40, 80, 120, 200}))
	f.Add(pngHeader(30000, 30000))
	f.Add([]byte("%PDF-1.4"))
	f.Fuzz(func(t *testing.T, data []byte) {
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
