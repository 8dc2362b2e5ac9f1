"""Tests of the Open Badges credentials of acquired units."""
