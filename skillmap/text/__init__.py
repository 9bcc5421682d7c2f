"""Text clean-up, segmentation and tokenization with character offsets preserved."""
