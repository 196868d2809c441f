"""Operations: the local document download route (STORAGE=local) and, later, the manager's queue page."""
