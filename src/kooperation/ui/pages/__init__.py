"""The pages of the project window, one per phase of the journey."""
