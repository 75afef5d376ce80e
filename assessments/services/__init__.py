"""Every change to instruments, the evidence library and self-assessments."""
