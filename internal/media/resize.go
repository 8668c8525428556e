package media

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"

	"github.com/newsdesk/newsdesk/internal/model"
)

// VariantWidths returns the widths of the variants of a picture width
// pixels wide (upright): the Widths below it, and width itself when it
// is not above the largest. A photo is never enlarged.
func VariantWidths(width int) []int {
	var out []int
	for _, w := range Widths {
		if w < width {
			out = append(out, w)
		}
	}
	if width <= Widths[len(Widths)-1] {
		out = append(out, width)
	}
	return out
}

// scaler is what variants are scaled with: resample, a Catmull-Rom
// filter widened when it shrinks, so every source pixel counts and fine
// patterns (a striped shirt, a fence) do not alias, streamed so that
// its scratch memory is a few rows of the variant rather than a buffer
// as tall as the upload. BenchmarkProcess swaps in other filters to
// compare them.
var scaler = resample

// variants encodes the sizes of src, whose upright size is w × h and
// which orientation o turns upright. The largest is scaled from the
// upload, each smaller one from the next larger (at most twice its
// width), which costs a fraction of scaling each from the full upload
// and looks the same at these ratios.
func variants(src image.Image, w, h, o int, contentType string) ([]model.ImageVariant, error) {
	widths := VariantWidths(w)
	out := make([]model.ImageVariant, len(widths))
	// The largest variant reads the decoded picture (a JPEG's YCbCr)
	// a row at a time; each smaller one the RGBA variant before it.
	from := src
	for i := len(widths) - 1; i >= 0; i-- {
		vw := widths[i]
		vh := max(1, int((int64(h)*int64(vw)+int64(w)/2)/int64(w)))
		// Scale in the upload's own orientation, then turn the result.
		sw, sh := vw, vh
		if swapsSides(o) {
			sw, sh = vh, vw
		}
		scaled := image.NewRGBA(image.Rect(0, 0, sw, sh))
		scaler(scaled, from)
		from = scaled
		data, err := encode(orient(scaled, o), contentType)
		if err != nil {
			return nil, fmt.Errorf("media: encode the %d-pixel variant: %w", vw, err)
		}
		out[i] = model.ImageVariant{Width: vw, Height: vh, Size: len(data), Data: data}
	}
	return out, nil
}

// pngEncoder compresses at the default level: the best level took four
// times as long for a few percent.
var pngEncoder = png.Encoder{CompressionLevel: png.DefaultCompression}

func encode(img *image.RGBA, contentType string) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	if contentType == "image/png" {
		err = pngEncoder.Encode(&buf, img)
	} else {
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: JPEGQuality})
	}
	return buf.Bytes(), err
}
