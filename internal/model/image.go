package model

import "time"

// Image is a photo uploaded through the editorial desk, kept as a few
// re-encoded variants of different widths (see internal/media). The
// upload itself is not kept: what it carried besides pixels (camera,
// GPS position, editing history) never reaches readers.
type Image struct {
	ID int64 `json:"id"`
	// SHA256 is the hex digest of the file as uploaded: the same photo
	// uploaded twice is stored once.
	SHA256 string `json:"sha256"`
	// ContentType is the type of every variant: "image/jpeg", or
	// "image/png" for an image with real transparency.
	ContentType string `json:"content_type"`
	// Width and Height are the upright photo's size in pixels (after the
	// camera's orientation tag was applied).
	Width  int `json:"width"`
	Height int `json:"height"`
	// SourceFormat is what the upload was by its content: "jpeg", "png",
	// "gif" or "webp".
	SourceFormat string `json:"source_format"`
	// SourceBytes is the size of the upload.
	SourceBytes int64 `json:"source_bytes"`
	// Filename is the name the file had on the uploader's computer, for
	// staff to recognise it; it is never used to tell its type.
	Filename string `json:"filename,omitempty"`
	// UploadedBy is the account that uploaded it; 0 once deleted.
	UploadedBy int64     `json:"uploaded_by,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	// Variants are the stored sizes, narrowest first. Stores return them
	// without their Data, which only GetImageVariant reads.
	Variants []ImageVariant `json:"variants"`
}

// ImageVariant is one stored size of an Image.
type ImageVariant struct {
	Width  int `json:"width"`
	Height int `json:"height"`
	// Size is the length of the encoded file in bytes.
	Size int `json:"size"`
	// Data is the encoded file (of the image's ContentType); empty when a
	// listing reads only the sizes.
	Data []byte `json:"-"`
}

// Ext is the file extension of the image's variants in their addresses:
// "png" for PNG, "jpg" otherwise.
func (img Image) Ext() string {
	if img.ContentType == "image/png" {
		return "png"
	}
	return "jpg"
}

// Largest returns the widest variant, or the zero variant when there is
// none.
func (img Image) Largest() ImageVariant {
	var best ImageVariant
	for _, v := range img.Variants {
		if v.Width > best.Width {
			best = v
		}
	}
	return best
}

// Fit returns the narrowest variant at least width pixels wide, or the
// widest when none is; the zero variant when there is none at all.
func (img Image) Fit(width int) ImageVariant {
	var best ImageVariant
	for _, v := range img.Variants {
		switch {
		case best.Width == 0:
			best = v
		case best.Width >= width: // wide enough: look for a narrower one that is too
			if v.Width >= width && v.Width < best.Width {
				best = v
			}
		case v.Width > best.Width: // too narrow: anything wider is better
			best = v
		}
	}
	return best
}
