"""daihoi: congress preparation, counting and review (đại hội)."""
