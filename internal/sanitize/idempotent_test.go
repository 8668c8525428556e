package sanitize

import (
	"net/url"
	"testing"
)

// trickyInputs are markup whose sanitized form could change when sanitized
// again: parser repairs (tables, nesting, misplaced blocks), reshaping
// (lazy images, srcset, data: images, embeds, pixels), URL rewriting
// (resolution, tracking parameters, entity and space obfuscation) and
// elements the policy unwraps. They seed the fuzz targets too.
var trickyInputs = []string{
	`<h1>T</h1><p>Some <b>bold</b> <a href="x">link</a></p><figure><img src="i.jpg" srcset="i2.jpg 2x"></figure>`,
	`<iframe src="https://www.youtube-nocookie.com/embed/v" sandbox="allow-forms"></iframe>`,
	`<table><tr><td>a<td>b</table>text after`,
	`<table>stray text<tr><td>x</td></tr></table>`,
	`<p>one<p>two<div>three</div>four`,
	`<ul><li>a<li>b<ul><li>c</ul></ul>`,
	`<a href="/a">outer <a href="/b">inner</a></a>`,
	`<b><i>mis</b>nested</i>`,
	`<p><h2>heading in paragraph</h2></p>`,
	`<pre>
leading newline</pre>`,
	`<pre>

two leading newlines</pre>`,
	`<textarea>gone</textarea><p>kept</p>`,
	`<img data-src="/big.jpg" src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7">`,
	`<img srcset="/a.jpg 1x, /b.jpg 2x">`,
	`<img src="data:image/png;base64,iVBO Rw0K Ggo">`,
	`<img src="/a.jpg?utm_source=x&amp;b=1&amp;a=2">`,
	`<a href="https://x.example/?q=a%20b&amp;utm_medium=y#frag">q</a>`,
	`<a href="https://x.example/path with spaces/">s</a>`,
	`<a href="HTTPS://X.EXAMPLE/UPPER">u</a>`,
	`<a href="mailto:desk@x.example?subject=hi%20there">m</a>`,
	`<a href="java&#x09;script:alert(1)">x</a>`,
	`<img src="https://x.example/p.gif" width="1" height="1"><p>after pixel</p>`,
	`<noscript><img src="/n.jpg"></noscript>`,
	`<math><mi>x</mi><mo>=</mo><mn>1</mn></math>`,
	`<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; &nbsp; &#0;</p>`,
	`<div><span>unwrapped</span><section><article>deep</article></section></div>`,
	`<blockquote cite="/src"><p>q</p></blockquote><q cite="javascript:x">q</q>`,
	`<picture><source data-srcset="/p.webp" type="image/webp"><img src="/p.jpg"></picture>`,
	`<dl><dt>t<dd>d</dl>`,
	`<time datetime="2024-06-22">June</time><abbr title="Title">T</abbr>`,
	`<p>a<br>b<hr>c</p>`,
	`<caption>stray caption</caption><col span="2"><tr><td>cell</td></tr>`,
	"<p>\x00null\x01control</p>",
	`<select><option>gone</option></select><p>kept</p>`,
	`<p title="x">text</p><p lang="en">text</p>`,
	`<a href="/a"><p>block in link</p></a>`,
	`<ol start="3"><li>three</ol>`,
	`<figure><figcaption>cap</figcaption><p>para</p></figure>`,
}

func TestHTML_IdempotentOnTrickyInputs(t *testing.T) {
	bases := map[string]*url.URL{"with base": mustURL(t, "https://news.example.org/a/b.html"), "no base": nil}
	for name, base := range bases {
		for _, in := range trickyInputs {
			once := HTML(in, base)
			if twice := HTML(once, base); twice != once {
				t.Errorf("%s: sanitizing %q twice changed it:\n once %q\ntwice %q", name, in, once, twice)
			}
		}
	}
}
