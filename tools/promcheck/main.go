// promcheck reads Prometheus text exposition on stdin, parses it with the Prometheus project's
// own parser (github.com/prometheus/common/expfmt) and lints it with the rules of
// `promtool check metrics` (client_golang's promlint). It prints JSON on stdout:
// {"families": [...], "problems": [...]}; a parse error exits 1 with the error on stderr.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/prometheus/client_golang/prometheus/testutil/promlint"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

type sample struct {
	Labels map[string]string `json:"labels"`
	Value  *float64          `json:"value,omitempty"`
	Count  *uint64           `json:"count,omitempty"`
	Sum    *float64          `json:"sum,omitempty"`
	Bucket map[string]uint64 `json:"buckets,omitempty"`
}

type family struct {
	Name    string   `json:"name"`
	Type    string   `json:"type"`
	Help    string   `json:"help"`
	Samples []sample `json:"samples"`
}

type problem struct {
	Metric string `json:"metric"`
	Text   string `json:"text"`
}

func main() {
	in, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail(err)
	}
	parser := expfmt.NewTextParser(model.LegacyValidation)
	mfs, err := parser.TextToMetricFamilies(bytes.NewReader(in))
	if err != nil {
		fail(err)
	}
	problems, err := promlint.New(bytes.NewReader(in)).Lint()
	if err != nil {
		fail(err)
	}
	out := struct {
		Families []family  `json:"families"`
		Problems []problem `json:"problems"`
	}{Families: families(mfs), Problems: []problem{}}
	for _, p := range problems {
		out.Problems = append(out.Problems, problem{Metric: p.Metric, Text: p.Text})
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fail(err)
	}
}

func families(mfs map[string]*dto.MetricFamily) []family {
	names := make([]string, 0, len(mfs))
	for n := range mfs {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]family, 0, len(names))
	for _, n := range names {
		mf := mfs[n]
		f := family{Name: n, Type: mf.GetType().String(), Help: mf.GetHelp(), Samples: []sample{}}
		for _, m := range mf.GetMetric() {
			f.Samples = append(f.Samples, sampleOf(mf.GetType(), m))
		}
		out = append(out, f)
	}
	return out
}

func sampleOf(t dto.MetricType, m *dto.Metric) sample {
	s := sample{Labels: map[string]string{}}
	for _, l := range m.GetLabel() {
		s.Labels[l.GetName()] = l.GetValue()
	}
	switch t {
	case dto.MetricType_COUNTER:
		v := m.GetCounter().GetValue()
		s.Value = &v
	case dto.MetricType_GAUGE:
		v := m.GetGauge().GetValue()
		s.Value = &v
	case dto.MetricType_UNTYPED:
		v := m.GetUntyped().GetValue()
		s.Value = &v
	case dto.MetricType_HISTOGRAM:
		h := m.GetHistogram()
		c, sum := h.GetSampleCount(), h.GetSampleSum()
		s.Count, s.Sum = &c, &sum
		s.Bucket = map[string]uint64{}
		for _, b := range h.GetBucket() {
			s.Bucket[fmt.Sprint(b.GetUpperBound())] = b.GetCumulativeCount()
		}
	case dto.MetricType_SUMMARY:
		c, sum := m.GetSummary().GetSampleCount(), m.GetSummary().GetSampleSum()
		s.Count, s.Sum = &c, &sum
	}
	return s
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "promcheck:", err)
	os.Exit(1)
}
