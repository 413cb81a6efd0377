package main

import (
	"fmt"
	"os"
	"path/filepath"
)

// atomicFile is an output file written to a temporary file in the same
// folder and renamed over the target only on success, so that a failed run
// leaves no half-written file.
type atomicFile struct {
	*os.File
	target string
	done   bool
}

func createAtomic(target string) (*atomicFile, error) {
	dir := filepath.Dir(target)
	f, err := os.CreateTemp(dir, "."+filepath.Base(target)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("-o %s: %w", target, err)
	}
	return &atomicFile{File: f, target: target}, nil
}

// commit makes the file the target.
func (a *atomicFile) commit() error {
	if err := a.Sync(); err != nil {
		return err
	}
	if err := a.Close(); err != nil {
		return err
	}
	if err := os.Chmod(a.Name(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(a.Name(), a.target); err != nil {
		return err
	}
	a.done = true
	return nil
}

// abort removes the temporary file unless commit succeeded.
func (a *atomicFile) abort() {
	if !a.done {
		a.Close()
		os.Remove(a.Name())
	}
}
