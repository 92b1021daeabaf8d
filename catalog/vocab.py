"""Controlled vocabularies: normalized values for querying, each with its synonyms.

A record stores normalized values (``model_parameters``, ``language``, ...); the query layer
resolves what users type ("model size", "N", "Model Parameters") through the synonyms.
Keep this module free of heavy imports: the CLI imports it at start-up.
"""

from __future__ import annotations

import difflib
import functools
import os
import re

from catalog import textguard

# name -> (description, synonyms)
VARIABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    # scaling (input) variables
    "model_parameters": ("Number of model parameters", ("model size", "parameters", "params", "n", "model parameters", "non-embedding parameters", "model parameter", "network size", "student parameters")),
    "data": ("Training data size (tokens, images, examples)", ("data", "dataset size", "tokens", "d", "training data", "data size", "pre-training data", "pretraining data", "training tokens", "distillation tokens")),
    "compute": ("Training compute (FLOPs or PF-days)", ("compute", "flops", "c", "training compute", "compute budget")),
    "training_steps": ("Training steps or optimization steps", ("training steps", "steps", "s", "optimization steps")),
    "epochs": ("Number of epochs / data repetitions", ("epochs", "repetitions", "repeated data", "epoch", "repetition",
                                                        "data repetition", "data repetitions", "number of epochs")),
    "experts": ("Number of experts or expansion rate in MoE", ("number of experts", "experts", "e", "expansion rate", "moe experts")),
    "granularity": ("MoE expert granularity", ("granularity", "g", "expert granularity")),
    "sparsity": ("Weight sparsity level or pruning ratio", ("sparsity", "pruning ratio", "pruned ratio", "sparsity level", "pruning rate")),
    "precision": ("Numeric precision in bits (training or post-training)", ("precision", "bits", "training precision", "post-train precision", "quantization", "bit width", "total model bits after quantization", "quantization ratio")),
    "fine_tuning_data": ("Fine-tuning data size", ("fine-tuning data", "finetuning data", "fine tuning data", "df")),
    "peft_parameters": ("Parameter-efficient tuning parameters", ("pet parameter", "peft parameters", "lora rank", "prompt length")),
    "upstream_error": ("Upstream (pre-training) error", ("upstream error", "eus")),
    "pretraining_loss": ("Pre-training loss used as a predictor", ("pre-training loss", "pretraining loss", "uncompressed model loss")),
    "samples": ("Number of samples drawn at inference", ("number of samples", "samples", "k", "repeated sampling")),
    "inference_compute": ("Inference / test-time compute", ("inference compute", "test-time compute", "inference flops", "llm calls")),
    "generation_length": ("Number of tokens generated at test time per reasoning trial (output length, chain-of-thought length)", ("generation length", "generated tokens", "output length", "reasoning length", "cot length", "l_out")),
    "query_difficulty": ("Fraction of easy and difficult queries", ("fraction of easy and difficult queries", "query difficulty")),
    "vocabulary_size": ("Vocabulary parameters or size", ("vocabulary", "vocabulary parameters", "vocabulary size", "v")),
    "non_vocabulary_parameters": ("Non-vocabulary parameters", ("non-vocabulary parameter", "non-vocabulary parameters")),
    "mixture_proportions": ("Data mixture proportions / ratio", ("mixture ratio", "proportion of training domains", "domain proportions", "data mixture", "r")),
    "datastore_size": ("Retrieval datastore size", ("datastore", "datastore size")),
    "input_size": ("Input size (e.g. image resolution, context)", ("input size", "resolution", "context length")),
    "board_size": ("Board size of a game", ("board size", "boardsize")),
    "problem_complexity": ("Complexity of a task instance scaled while the model is held fixed, e.g. the number of nodes (solution-space size) or spatial dimensions (representation-space size) of a Traveling Salesman Problem", ("problem complexity", "problem size", "problem scale", "number of nodes", "node count", "tsp nodes", "spatial dimensions", "number of cities")),
    "environment_interactions": ("RL environment interactions", ("environment interactions", "interactions", "env steps")),
    "brain_alignment": ("Alignment of a model with primate brain recordings or behaviour (Brain-Score style, normalized score)", ("brain alignment", "neural alignment", "behavioral alignment", "behavioural alignment", "brain-score", "alignment score")),
    "utd_ratio": ("Updates-to-data (UTD) ratio of off-policy RL: gradient steps per environment step", ("utd", "utd ratio", "updates-to-data ratio", "update-to-data ratio", "replay ratio")),
    "sampling_compute": ("Sampling compute of RL training of an LLM: the rollouts (or generated tokens) sampled from the policy over training", ("sampling compute", "rollout compute", "rollout budget", "sampling budget", "number of rollouts", "total rollouts")),
    "kl_divergence": ("Root of KL divergence between initial and optimized policy", ("root of kl between initial policy and optimized policy (d)", "kl", "kl divergence")),
    "latents": ("Number of sparse-autoencoder latents", ("number of latents", "latents", "dictionary size")),
    "sae_sparsity": ("Sparse-autoencoder sparsity level k", ("k active latents",)),
    "teacher_loss": ("Teacher model loss", ("teacher loss",)),
    "time": ("Calendar time (release date)", ("time", "date", "release date")),
    "training_time": ("Wall-clock training time on fixed hardware (a time budget, not FLOPs)", ("training time", "wall-clock time", "wall clock time", "wall-clock training time", "time budget", "training time budget")),
    "encoder_parameters": ("Encoder parameters", ("encoder parameters", "encoder size")),
    "decoder_parameters": ("Decoder parameters", ("decoder parameters", "decoder size")),
    "effective_parameters": ("Effective parameter count", ("effective parameters", "effective parameter count")),
    "capacity_ratio": ("Pre-training compute / capacity ratio", ("capacity",)),
    "scaled_quantity": ("Generic scaled quantity x of a law fitted separately against model size, data, compute, steps or input size", ("x", "scaled quantity", "generic scaling variable", "scaling quantity")),
    "data_distribution": ("Property of the data distribution in a theoretical law (Zipf exponent, power-law spectrum degree, intrinsic manifold dimension)", ("zipf exponent", "intrinsic dimension", "manifold dimension", "spectrum degree", "spectral decay")),
    "batch_size": ("Training batch size (examples or tokens per optimizer step)", ("training batch size", "examples per batch", "batch", "bs")),
    "tokens_per_parameter": ("Training tokens per parameter, D/N (token multiplier, over-training ratio)", ("tokens per parameter", "token multiplier", "over-training ratio", "data-to-model ratio", "d/n")),
    "parallel_streams": ("Number of parallel computation streams run over one model's parameters (ParScale P)", ("parallel streams", "parallel computation", "parscale p", "number of parallel streams")),
    "recurrences": ("Number of recurrences (loops) of a shared block of layers in a looped (depth-recurrent) transformer", ("recurrence count", "recurrences", "number of loops", "loop count", "recurrent depth", "number of recurrences")),
    "shape_ratio": ("Architectural shape ratio of a model at a given parameter count (hidden size over the square root of the non-embedding parameters, MLP-to-attention parameter ratio, aspect ratio)", ("mlp-to-attention ratio", "mlp to attention ratio", "hidden size ratio", "normalized hidden size", "aspect ratio", "width-to-depth ratio")),
    "quantization_block_size": ("Number of elements sharing one scaling factor in block-wise or group-wise quantization (block size, group size G)", ("block size", "quantization block size", "scaling factor block size", "quantization group size", "group size", "quantization granularity")),
    "replicas": ("Number of model replicas trained in parallel with periodic synchronization (DiLoCo / local SGD M)", ("replicas", "model replicas", "number of replicas", "diloco replicas", "islands")),
    "ptq_degradation": ("Loss increase caused by post-training quantization", ("delta ptq", "post-training quantization degradation", "ptq loss")),
    "training_languages": ("Number K of languages in a multilingual training mixture (or its expansion factor r = K'/K)", ("number of languages", "training languages", "languages", "language count", "language coverage", "number of training languages")),
    "merged_models": ("Number k of fine-tuned expert models (task vectors) merged in weight space into one model", ("merged experts", "number of merged experts", "merged models", "number of merged models", "expert count in merging", "task vectors merged")),
    "data_diversity": ("Number of distinct training environments, objects or environment-object pairs in a demonstration dataset (diversity of robot-learning data)", ("number of environments", "number of objects", "training environments", "training objects", "environment-object pairs", "env-object pairs", "data diversity")),
    "synthetic_data_quality": ("Quality of generated (synthetic) training data, measured by the Frechet inception distance (FID) of the generative model that produced it (lower FID is higher quality)", ("synthetic data quality", "fid", "frechet inception distance", "generator fid", "synthetic data fid", "generated data quality")),
    "task_length": ("Length of a task measured by the time skilled humans take to complete it (human completion time, e.g. the geometric mean of successful human baseline times)", ("task length", "human task length", "task duration", "human completion time", "human time-to-complete", "human minutes")),
    # dependent (output) variables
    "loss_variance": ("Variance of the loss across runs, seeds or merged-expert subsets at a fixed scale", ("loss variance", "variance of the loss", "var(ce)", "merge-to-merge variance", "run-to-run variance")),
    "loss": ("Loss (pre-training, validation, test, cross-entropy)", ("loss", "test loss", "validation loss", "cross-entropy", "l")),
    "downstream_loss": ("Downstream / fine-tuning loss", ("downstream loss", "fine-tuning loss", "post-training loss")),
    "solution_cost": ("Mean cost of the solutions to a combinatorial optimization problem, e.g. the mean optimal or random tour length of a Traveling Salesman Problem", ("solution cost", "tour length", "mean tour length", "optimal tour length", "random tour length", "tour cost")),
    "downstream_error": ("Downstream error rate", ("downstream error", "error", "error rate", "optimality gap")),
    "downstream_performance": ("Downstream accuracy or metric", ("downstream performance", "downstream accuracy", "accuracy", "accurancy", "performance metric", "performance")),
    "data_transferred": ("Effective data transferred", ("data transferred", "effective data transferred", "dt")),
    "coverage": ("Coverage (fraction of problems solved)", ("coverage", "pass@k")),
    "optimal_model_parameters": ("Compute-optimal model size", ("optimal model size", "n_opt", "optimal parameters")),
    "optimal_data": ("Compute-optimal data size", ("optimal data", "d_opt", "optimal tokens")),
    # not a parameter count: DeepSeek-style IsoFLOP fits size the model by its FLOPs per token
    "optimal_model_scale": ("Compute-optimal model scale in FLOPs per token (non-embedding training FLOPs per token M, with C = M D), the stand-in for model size of IsoFLOP fits that count attention FLOPs; or a ratio of two such scales", ("optimal model scale", "m_opt", "optimal flops per token")),
    "optimal_compute": ("Optimal (inference) compute", ("optimal compute",)),
    "optimal_llm_calls": ("Optimal number of LLM calls", ("optimal llm calls",)),
    "optimal_generation_length": ("Cost-optimal number of generated test-time tokens (over all reasoning trials) for an inference budget", ("optimal generation length", "optimal generated tokens", "optimal generation tokens")),
    "optimal_kv_budget": ("Cost-optimal KV-cache budget (tokens attended per step) of a sparse-attention model for an inference budget", ("optimal kv budget", "kv budget", "optimal kv cache budget")),
    "optimal_learning_rate": ("Compute-optimal (near-optimal) peak learning rate", ("optimal learning rate", "optimal lr", "eta_opt", "best learning rate")),
    # an input, unlike the optimum above; a search for one that finds nothing names the other
    # (vocab.related_variable)
    "learning_rate": ("Learning rate as an input of a law: a stage or peak learning rate, the schedule's value, or its area (the sum of the learning rates over the steps taken)", ("lr", "training learning rate", "learning-rate schedule", "learning rate schedule", "lr schedule", "learning-rate area", "learning rate area", "forward area", "annealing area", "stage learning rate")),
    "critical_data_size": ("Critical data size: the training-token count beyond which more data raises the loss (e.g. in low-precision training)", ("critical data size", "d_crit", "d crit")),
    "critical_batch_size": ("Critical batch size: the batch size beyond which larger batches stop reducing the optimization steps needed proportionally", ("critical batch size", "cbs", "b_crit", "b crit")),
    "optimal_adamw_timescale": ("Optimal AdamW timescale tau = B/(eta*lambda*D): the weight-averaging timescale of AdamW as a fraction of training, which sets the optimal weight decay lambda", ("adamw timescale", "optimal adamw timescale", "ema timescale", "tau_ema", "weight decay timescale", "optimal timescale")),
    "adam_beta2": ("Adam second-moment decay rate beta2 (EMA decay of the squared-gradient estimate), e.g. as set for a given batch size", ("adam beta2", "beta2", "beta_2", "second-moment decay rate", "second moment decay rate", "adam second-moment decay")),
    "optimal_batch_size": ("Compute-optimal (near-optimal) batch size", ("optimal batch size", "b_opt")),
    "optimal_rollouts_per_problem": ("Compute-optimal number of rollouts sampled in parallel per problem (the GRPO group size n) in on-policy RL training of an LLM, for a sampling budget", ("optimal rollouts per problem", "optimal rollouts", "optimal group size", "compute-optimal n", "n*", "n_star", "optimal parallel rollouts")),
    "optimal_model_shape": ("Compute-optimal shape dimension of a model (width, depth, MLP size), or its growth factor", ("optimal shape", "optimal width", "optimal depth", "optimal mlp size", "model shape")),
    "optimal_growth_timing": ("Growth timing of model growth: training tokens of the small base model before it is grown (e.g. stacked in depth) into the target model", ("growth timing", "optimal growth timing", "stacking timing", "growth point")),
    "total_parameters": ("Total parameters", ("total parameters",)),
    "elo": ("Elo rating", ("elo",)),
    "game_score": ("Game score / win probability", ("game score", "win rate")),
    "reward": ("Gold reward-model score", ("gold reward model scores", "gold reward", "reward")),
    "intrinsic_performance": ("Intrinsic performance (RL)", ("intrinsic performance",)),
    "reconstruction_error": ("Reconstruction error / loss (MSE)", ("reconstruction error", "reconstruction loss", "mse")),
    "representation_capacity": ("Representation capacity: dense-equivalent parameters per parameter of a compressed model", ("representation capacity", "capacity rho", "parameter efficiency", "effective parameter multiplier")),
    "knowledge_bits": ("Stored knowledge in bits", ("knowledge", "bits of knowledge", "knowledge capacity")),
    "unigram_normalized_loss": ("Unigram-normalised loss", ("unigram-normalised loss", "unigram-normalized loss")),
    "student_loss": ("Student loss (distillation)", ("student loss",)),
    "optimal_vocabulary_size": ("Compute-optimal vocabulary size", ("optimal vocabulary",)),
    "parameter_density": ("Capability density (effective/actual parameters)", ("density", "capability density")),
    "perplexity": ("Perplexity", ("perplexity", "ppl")),
    "bleu": ("BLEU score", ("bleu",)),
    "data_point_value": ("Expected marginal contribution of one data point to model performance at a given dataset size", ("marginal contribution", "data value", "data point value", "data valuation")),
    "data_utility": ("Utility (scaling exponent) of a data pool at a given repetition", ("utility", "data utility", "repetition utility")),
    "qat_quantization_error": ("Final-loss gap between a quantization-aware-trained model and its BF16 counterpart", ("qat quantization error", "qat error", "delta qat", "quantization error", "w4a4 quantization error")),
    "in_context_examples": ("Number of in-context demonstrations (shots) in the prompt", ("shots", "number of shots", "in-context examples", "in-context demonstrations", "demonstrations", "few-shot examples", "n-shot")),
    "efficiency_leverage": ("Efficiency leverage or compute multiplier: the compute a reference model (e.g. dense, or encoder-based) needs to reach a variant's loss, divided by the variant's compute", ("efficiency leverage", "el", "moe efficiency leverage", "compute leverage", "dense-equivalent compute ratio", "compute multiplier", "compute efficiency gain", "effective compute multiplier")),
    "noise_batch_ratio": ("DP-SGD noise-batch ratio: standard deviation of the Gaussian noise added to the mean clipped minibatch gradient (noise multiplier divided by batch size)", ("noise-batch ratio", "noise batch ratio", "sigma bar", "dp noise", "privacy noise")),
    "token_error_rate": ("Token prediction error rate of a generative model on held-out data (1 - top-1 accuracy of its own pre-training objective, e.g. next-token or next-scale prediction)", ("token error rate", "token prediction error", "token prediction error rate", "next-token error rate", "top-1 token error")),
    "retrieved_documents": ("Number of retrieved documents placed in the prompt (top-k retrieval at inference)", ("retrieved documents", "number of retrieved documents", "number of documents", "top-k documents", "rag documents")),
    "retriever_parameters": ("Number of parameters of the retriever (query and document encoder) of a retrieval-augmented system", ("retriever size", "retriever model size", "retriever parameters", "retriever scale")),
    "generation_iterations": ("Number of generation (and interleaved retrieval) iterations at inference", ("generation iterations", "generation steps", "inference iterations", "number of iterations", "iterative prompting steps")),
    "attack_success_rate": ("Attack success rate (ASR): fraction of harmful requests for which an attack elicits a harmful response", ("attack success rate", "asr", "jailbreak success rate", "jailbreak rate")),
    "persuasiveness": ("Persuasive effect of model-generated messages on people: the average treatment effect on agreement with the advocated stance, in percentage points, measured in a randomized survey experiment against an unexposed control group", ("persuasion", "persuasiveness", "persuasive effect", "persuasive impact", "attitude change", "treatment effect", "ate")),
    "memorization_bits": ("Information a model memorizes about its training set, in bits (unintended memorization; its maximum over dataset sizes is the model's capacity)", ("memorization", "unintended memorization", "bits memorized", "memorization capacity in bits")),
    "membership_inference_f1": ("F1 score of a membership-inference attack that tells training from held-out samples (0.5 = chance)", ("membership inference", "membership inference f1", "membership f1", "mia f1", "membership inference score")),
    "monetary_cost": ("Monetary cost in US dollars (data generation, training or inference)", ("cost", "dollar cost", "training cost", "dollars", "usd", "budget in dollars")),
    "agents": ("Number of LLM agents in a multi-agent system (team size)", ("number of agents", "agent count", "agent quantity", "team size", "n_a", "multi-agent team size")),
    "reasoning_turns": ("Reasoning turns (LLM reasoning-response exchanges) an agent system spends per task", ("turns", "reasoning turns", "agent turns", "turn count", "interaction turns")),
    "message_density": ("Inter-agent messages per reasoning turn in a multi-agent system", ("message density", "messages per turn", "communication intensity", "inter-agent messages")),
    "task_time_horizon": ("Task-completion time horizon of an AI agent: the human completion time of tasks it completes with a given success probability (50%, 80%), or a ratio of such horizons", ("time horizon", "50% time horizon", "task completion time horizon", "task-completion time horizon", "horizon length", "p50 horizon", "metr time horizon")),
    "activation_ratio": ("Activation ratio of a model's feed-forward layers: the fraction of neurons that are not weakly contributing for a given input (1 - activation sparsity ratio)", ("activation ratio", "activation sparsity", "activation sparsity ratio", "activated neurons ratio", "fraction of activated neurons", "1 - sparsity ratio")),
    "rope_base": ("Base of rotary position embedding (RoPE): theta_i = base^(-2i/d) sets the rotation frequencies, e.g. the smallest base that supports a context length", ("rope base", "rope theta", "rotary base", "rope_theta", "base of rope", "rotary embedding base", "lower bound of rope base")),
    "learning_efficiency": ("Learning efficiency k(N): the slope of log loss (or error) against log training compute or data, as a function of model size", ("learning efficiency", "k(n)", "compute efficiency", "data efficiency", "sample efficiency", "log-log slope")),
    "optimal_filtering_rate": ("Optimal share of a data pool retained by a data-selection (quality) filter, as a function of compute or tokens", ("optimal filtering rate", "optimal data filtering rate", "optimal filter rate", "optimal retention rate", "f_opt")),
    "data_entropy": ("Information content of the structure that generates the training data, in bits: e.g. the graph search entropy of a knowledge graph (the entropy rate of a maximal-entropy random walk over entities and relations, times the number of entities)", ("data entropy", "graph search entropy", "knowledge graph entropy", "graph entropy", "search entropy")),
    "scaling_exponent": ("A scaling exponent of another power law, as input or output of a relation between exponents (sum rules, exponent identities)", ("scaling exponent", "power-law exponent", "exponent relation", "sum rule", "dynamic exponent")),
    "caption_information": ("Image-grounded information carried by the captions (text conditions) a text-to-image model is trained on, e.g. the log-likelihood gain of a caption when a VLM judge sees the paired image (grounded perplexity gain, nats) or a precision-weighted attribute F-score of the caption against the image (effective detailness)", ("caption information", "caption informativeness", "prompt informativeness", "grounded perplexity gain", "gpg", "effective detailness", "caption detailness")),
    "learned_harmful_score": ("Harmful or undesirable behaviour a model learned in fine-tuning: its evaluator score (e.g. a StrongREJECT harmfulness, sentiment-bias or code-backdoor score) after fine-tuning minus before", ("learned overall score", "learned harmfulness", "learned harmful behavior", "learned harmful behaviour", "data poisoning susceptibility", "poisoning susceptibility")),
    "compression_rate": ("Tokenizer compression rate: average bytes of text per token (subword or latent token) on a given corpus", ("compression rate", "bytes per token", "tokenizer compression", "compression ratio of the tokenizer", "token granularity")),
    "optimal_compression_rate": ("Compute-optimal tokenizer compression rate (bytes per token) for a training budget", ("optimal compression rate", "compute-optimal compression rate", "optimal bytes per token", "optimal compression")),
    "teacher_parameters": ("Number of parameters of the teacher model in distillation", ("teacher parameters", "teacher size", "teacher model size", "teacher scale")),
    "teacher_error": ("Held-out error rate of the teacher in distillation (1 - its held-out accuracy), as an input of a law for the student", ("teacher error", "teacher error rate", "teacher remaining error", "1 - teacher score")),
    "transfer_rate": ("Useful-transfer rate of on-policy distillation: the initial slope of the student's held-out accuracy against d = sqrt(KL) of the student from its initialization", ("transfer rate", "useful-transfer rate", "useful transfer rate", "gold-score slope", "transfer slope")),
    "spectral_rank": ("Effective (spectral) rank of a layer's representation covariance: soft rank exp(H(p)) of the normalized eigenvalue distribution, or hard rank, the participation ratio (sum lambda)^2 / sum lambda^2", ("spectral rank", "effective rank", "soft rank", "hard rank", "soft spectral rank", "hard spectral rank", "participation ratio", "realized spectral capacity")),
    "ffn_width": ("Hidden dimension of a transformer's feed-forward (MLP) block, as a scaled input at fixed model width and depth", ("ffn width", "ffn hidden dimension", "ffn dimension", "mlp width", "mlp hidden dimension", "d_ff", "feed-forward width")),
    "compression_ratio": ("Lossless compression ratio of a model used as the probability source of an arithmetic coder: compressed bits / original bits (lower is better)", ("compression ratio", "lossless compression ratio", "arithmetic-coding compression ratio", "compressed size fraction")),
    "representation_information": ("Mutual information between a learned representation (embedding) and an auxiliary signal it should carry (e.g. protein abundance, clone, time point or spatial niche of a cell), in bits", ("representation information", "auxiliary mutual information", "auxiliary mi", "mutual information with an auxiliary signal", "embedding mutual information")),
    "mutual_information": ("Mutual information within a sequence as a function of its length or of a separation, e.g. the bipartite mutual information between two adjacent blocks of a text of length L (the information the first block carries about the second), in nats", ("mutual information", "bipartite mutual information", "predictive information", "two-point mutual information", "sequence mutual information")),
    "measurement_depth": ("Measurement depth of noisy observations: mean number of molecules (UMIs) counted per cell after downsampling, or an equivalent inverse noise level of the data a model is trained on", ("measurement depth", "umis per cell", "umi per cell", "sequencing depth", "molecules per cell", "measurement noise level")),
    "model_width": ("Width of a model: its hidden (embedding, residual-stream) dimension d_model, as a scaled input, e.g. the dimension m of the language-model head's rows", ("model width", "model dimension", "embedding dimension", "embedding size", "residual width", "network width")),
    "model_scale": ("Model scale in training FLOPs per token (C = F D), as a scaled input standing in for model size where an MoE's total parameters do not set its per-token cost or attention FLOPs are counted", ("model scale", "flops per token", "per-token flops", "training flops per token")),
}

# Inputs counted in whole things, at least one of them: a plot's default span and the site's
# plots stop at 1 (0.1 of an expert, a sample or an agent means nothing). Epochs are not here
# (half an epoch is a subsample), nor data, parameters or compute (continuous at these scales).
COUNTS: frozenset[str] = frozenset({
    "samples", "experts", "agents", "recurrences", "replicas", "parallel_streams", "merged_models",
    "retrieved_documents", "generation_iterations", "in_context_examples", "board_size", "latents",
    "sae_sparsity", "precision", "quantization_block_size", "reasoning_turns", "data_diversity"})

CATEGORIES: dict[str, tuple[str, ...]] = {
    "pre-training": ("pre-training", "pretraining", "pre training"),
    "transfer-learning": ("transfer learning", "fine-tuning", "finetuning", "transfer"),
    "quantization": ("quantization", "quantization inference", "quantization pre-training", "precision"),
    "inference": ("inference", "test-time compute", "test time"),
    "sparsity": ("sparsity", "moe", "mixture of experts", "pruning", "sparse"),
    "distillation": ("distillation",),
    "multimodality": ("multimodality", "multimodal"),
    "reinforcement-learning": ("rl", "reinforcement learning", "single-agent rl", "multi-agent rl"),
    "data-mixture": ("data mixture", "data mixing", "mixture"),
    "vocabulary": ("vocabulary",),
    "sparse-autoencoder": ("sparse autoencoder", "sae", "dictionary learning"),
    "retrieval": ("retrieval", "rag", "retrieval-augmented"),
    "data-curation": ("data curation", "data filtering", "data selection", "data valuation", "repeated data", "data repetition"),
    "recommendation": ("recommendation", "recommender systems", "recsys", "ctr prediction"),
    "training-method": ("training method", "learning rule", "alternatives to backpropagation", "feedback alignment"),
    "knowledge-capacity": ("knowledge capacity", "memorization capacity", "model capacity in bits"),
    "graph": ("graph", "graph neural networks", "gnn"),
    "criticism": ("criticize", "criticism", "critique"),
    "theory": ("theoretical", "theory"),
    "downscaling": ("downscaling",),
    "densing": ("densing", "density"),
    "downstream-prediction": ("downstream prediction", "observational scaling", "performance prediction", "benchmark prediction"),
    "learning-rate-schedule": ("learning rate schedule", "learning-rate schedules", "lr schedule", "learning rate annealing", "lr annealing", "loss curve prediction"),
    "robotics": ("robotics", "robot learning", "imitation learning", "embodied ai", "robotic manipulation"),
    "privacy": ("privacy", "differential privacy", "differentially private", "dp-sgd", "private training", "membership inference"),
    "agents": ("agents", "agent systems", "agentic systems", "llm agents", "multi-agent systems", "multi-agent llm systems", "agent scaling", "agentic scaling"),
    "model-merging": ("model merging", "weight-space merging", "merging", "task arithmetic", "ties-merging", "dare", "model soups", "weight averaging"),
    "long-context": ("long context", "long-context modeling", "context length", "context extension", "context window extension", "length extrapolation", "position embedding", "rope"),
    "adversarial-robustness": ("adversarial robustness", "jailbreaking", "jailbreak", "jailbreaks", "red teaming", "red-teaming", "adversarial attacks", "ai safety", "safety"),
    "fault-tolerance": ("fault tolerance", "fault-tolerant", "fault-tolerant training", "hardware faults", "hardware errors", "faulty hardware", "unreliable hardware", "noisy hardware", "error resilience"),
}

MODALITIES: dict[str, tuple[str, ...]] = {
    "language": ("language", "text", "nlp", "llm"),
    "vision": ("vision", "image", "images", "computer vision"),
    "multimodal": ("multimodal", "vision-language", "mixed-modal"),
    "code": ("code", "programming"),
    "speech": ("speech", "audio"),
    "video": ("video",),
    "math": ("math", "mathematics"),
    "translation": ("translation", "machine translation", "mt"),
    "games": ("games", "board games", "game"),
    "reinforcement-learning": ("rl", "reinforcement learning"),
    "graph": ("graph", "graphs", "molecules"),
    "recommendation": ("recommendation", "recsys", "recommender systems", "user behavior", "click-through"),
    "time-series": ("time series", "timeseries", "temporal data", "forecasting", "univariate time series"),
    "generic": ("generic", "any", "theory"),
    "robotics": ("robotics", "robot", "robots", "embodied", "robot manipulation", "autonomous driving", "driving"),
    "electrophysiology": ("electrophysiology", "ephys", "eeg", "ieeg", "intracranial eeg", "electroencephalography", "ecog", "seeg", "brain signals", "neural recordings"),
    "protein": ("protein", "proteins", "protein sequences", "amino acid sequences", "biological sequences"),
    "radar": ("radar", "mmwave radar", "millimeter-wave radar", "mmwave", "radar point clouds", "rf sensing", "wireless sensing"),
    "combinatorial-optimization": ("combinatorial optimization", "combinatorial optimisation", "traveling salesman problem", "travelling salesman problem", "tsp", "routing problems", "neural combinatorial optimization"),
    "particle-physics": ("particle physics", "high-energy physics", "high energy physics", "hep", "collider physics", "collider data", "jets", "particle jets"),
    "tabular": ("tabular", "tabular data", "structured data", "insurance data", "actuarial data", "policy data"),
    "single-cell": ("single-cell", "single cell", "single-cell transcriptomics", "scrna-seq", "single-cell rna-seq", "single-cell rna sequencing", "transcriptomics", "gene expression", "cellxgene"),
    "music": ("music", "symbolic music", "abc notation", "sheet music", "music scores", "midi"),
}

TASKS: dict[str, tuple[str, ...]] = {
    "language-generation": ("language generation", "language modeling", "language modelling", "lm"),
    "image-recognition": ("image recognition", "image classification"),
    "code-generation": ("code generation",),
    "machine-translation": ("machine translation", "translation"),
    "multimodal-tasks": ("multimodal tasks",),
    "generative-image-modeling": ("generative image modeling", "image generation"),
    "video-modeling": ("video modeling", "video generation", "text-to-video", "text-to-video generation"),
    "math-reasoning": ("math", "mathematical reasoning"),
    "game-playing": ("hex", "pentago", "connectfour", "board games"),
    "reward-modeling": ("reward model training", "rlhf"),
    "rl-control": ("procgen", "dota2", "rl control"),
    "autoencoder-training": ("autoencoder training", "find interpretable latents", "interpretable latents"),
    "graph-classification": ("graph classification",),
    "continual-pre-training": ("continual pre-training",),
    "speech-recognition": ("speech recognition",),
    "downstream-evaluation": ("downstream", "downstream evaluation"),
    "recommendation": ("recommendation", "ctr prediction", "click-through rate prediction", "user representation"),
    "few-shot-classification": ("few-shot classification", "few-shot learning", "few-shot image classification"),
    "data-valuation": ("data valuation", "data shapley", "data selection"),
    "spoken-language-modeling": ("spoken language modeling", "speech language modeling", "generative spoken language modeling", "gslm", "textless nlp", "speech language model"),
    "speech-representation-learning": ("acoustic modeling", "acoustic model", "auto-predictive coding", "apc"),
    "natural-language-understanding": ("language understanding", "nlu", "glue"),
    "time-series-forecasting": ("time series forecasting", "forecasting", "long-term forecasting", "ltsf", "probabilistic forecasting"),
    "information-retrieval": ("dense retrieval", "passage retrieval", "information retrieval", "ranking"),
    "robotic-manipulation": ("robotic manipulation", "robot manipulation", "imitation learning", "behavior cloning", "behaviour cloning", "visuomotor policy"),
    "novel-view-synthesis": ("novel view synthesis", "nvs", "view synthesis", "self-supervised novel view synthesis", "feed-forward novel view synthesis"),
    "human-pose-estimation": ("human pose estimation", "pose estimation", "3d human pose estimation", "human mesh recovery", "human mesh reconstruction", "mpjpe"),
    "motion-forecasting": ("motion forecasting", "trajectory prediction", "behavior prediction", "behaviour prediction", "motion planning", "autonomous driving planning"),
    "agentic-tasks": ("agentic tasks", "agentic benchmarks", "web browsing agents", "tool use", "tool-use agents", "agentic evaluation"),
    "protein-language-modeling": ("protein language modeling", "protein language modelling", "protein language model", "protein sequence modeling", "masked protein language modeling"),
    "jailbreaking": ("jailbreaking", "jailbreak attack", "jailbreak attacks", "harmful request elicitation", "automated red teaming"),
    "combinatorial-optimization": ("combinatorial optimization", "traveling salesman problem", "travelling salesman problem", "tsp", "euclidean tsp", "tour construction", "vehicle routing", "routing problems"),
    "jet-tagging": ("jet tagging", "top tagging", "flavor tagging", "flavour tagging", "jet classification", "jetclass"),
    "tabular-prediction": ("tabular prediction", "tabular regression", "tabular classification", "insurance pricing", "ratemaking", "actuarial ratemaking", "claim frequency", "claim frequency modeling"),
    "gene-expression-reconstruction": ("gene expression reconstruction", "masked gene expression reconstruction", "masked expression reconstruction", "masked-reconstruction", "masked reconstruction of gene expression", "single-cell representation learning", "cell representation learning", "single-cell foundation model pretraining"),
    "music-generation": ("music generation", "symbolic music generation", "music modeling", "music modelling", "symbolic music modeling", "music composition"),
    "lossless-compression": ("lossless compression", "data compression", "arithmetic coding", "llm-based compression", "compression with language models"),
}

ARCHITECTURES: dict[str, tuple[str, ...]] = {
    "decoder-only-transformer": ("decoder-only transformer", "decoder-only transformers", "gpt", "decoder-only"),
    "encoder-decoder-transformer": ("encoder-decoder", "encoder-decoder transformer", "t5", "transformer encoder-decoder"),
    "encoder-only-transformer": ("encoder-only transformer", "bert", "transformer encoder"),
    "transformer": ("transformers", "transformer"),
    "vit": ("vit", "vision transformer", "vision transformers"),
    "moe": ("moe", "mixture of experts", "switch"),
    "convnet": ("convnets", "cnn", "resnet", "convolutional"),
    "lstm": ("lstm", "rnn", "transformer encoder-lstm decoder"),
    "mlp-mixer": ("mlp mixers", "mlp-mixer", "mlp-mixers", "mixer"),
    "mlp": ("mlp", "mlps", "multi-layer perceptron", "multilayer perceptron", "fully-connected network", "fully connected network", "bottleneck mlp"),
    "alphazero": ("alphazero", "alphazero with neural networks"),
    "autoencoder": ("sparse autoencoder", "autoencoder"),
    "gnn": ("infograph", "graphcl", "joao", "graphmae", "graph neural network"),
    "other-transformer-variants": ("funnel", "mos", "glu", "lconv", "evolved", "dconv", "performer", "universal", "albert"),
    "teacher-student": ("teacher-student",),
    "dlrm": ("dlrm", "deep learning recommendation model", "recommendation model"),
    "unet": ("u-net", "unets", "u-nets", "diffusion unet", "latent diffusion unet"),
    "diffusion-transformer": ("dit", "diffusion transformer", "diffusion transformers"),
    "linear-complexity-model": ("linear attention", "linear transformer", "linear rnn", "linear complexity model", "linear complexity language model", "tnl", "transnormer", "hgrn2", "cosformer2", "lightning attention"),
    "state-space-model": ("ssm", "state space model", "state-space model", "mamba", "hyena", "hybrid architecture", "hybrid ssm"),
}

# Units of symbols (a unit is free text: the paper's, 'not stated (cross-entropy)'): the catalog's
# spelling of a unit -> other spellings of the same unit, which the schema refuses with the
# catalog's, so that what eval, predict (one table per quantity and unit) and the compare page
# print and group by is one text per unit. Only spellings of one meaning are listed: 'nats' alone
# is not 'nats/token' (a loss per question or per caption, or a paper that does not say per what).
# A unit the paper does not state (no log base, no normalisation, no scale of a count) is
# 'not stated' or 'not stated (what the quantity is)': 'not stated (cross-entropy)',
# 'not stated (a number of tokens; Table 6 lists billions)'. The parenthesis names the quantity,
# never a guessed unit ('presumably nats/token'); a unit inferred from the data (constants that
# reproduce printed values only in billions) is written plainly and the meaning says why. The
# schema refuses the other spellings (unstated_unit_problem): 'loss units (not stated)',
# 'tokens (scale not stated)' and bare 'loss' read as units, and conventions.normalized_unit,
# which compares units, knows an unstated one by its leading 'not stated'.
UNITS: dict[str, tuple[str, ...]] = {
    "nats/token": ("nats per token", "nat/token", "nat per token", "nats/tok"),
    "bits/token": ("bits per token", "bit/token", "bit per token"),
    "bits per byte": ("bits/byte", "bit/byte", "bit per byte", "bpb"),
    "bits per character": ("bits/character", "bits/char", "bits per char", "bit per character", "bpc"),
    "bits per word": ("bits/word", "bit per word"),
    "nats/image": ("nats per image", "nat/image"),
    "tokens per parameter": ("tokens/parameter", "token per parameter", "tokens/param", "tokens per param"),
    "PF-days": ("pf-day", "petaflop-days", "petaflop-day", "petaflop/s-days", "petaflop/s-day", "pflop/s-days",
                "pflop/s-day", "pfs-days", "pfs-day"),
    "GPU hours": ("gpu-hours", "gpu hour", "gpu-hour"),
    # an (Adam) learning rate is a number: written so, it stood in a table of its own beside the others
    "dimensionless": ("learning rate (dimensionless)",),
    # counts: the shorthand a newcomer writes ('B params'), which eval, covers and the plots would
    # read as no multiple of a parameter or token count
    "parameters": ("params", "param", "parameter"),
    "millions of parameters": ("m params", "m parameters", "million parameters", "million params"),
    "billions of parameters": ("b params", "b parameters", "billion parameters", "billion params",
                               "bn params", "bn parameters"),
    "billions of tokens": ("b tokens", "billion tokens", "bn tokens"),
    "trillions of tokens": ("t tokens", "trillion tokens"),
}

# Variables whose values may be negative (Elo relative to perfect play, dates from an origin):
# every other variable is a size, count, amount or rate, and eval, solve and search --covers
# refuse a negative value of it.
SIGNED_VARIABLES = frozenset({"elo", "time", "reward", "game_score", "intrinsic_performance"})

VOCABULARIES = {
    "variable": VARIABLES,
    "category": CATEGORIES,
    "modality": MODALITIES,
    "task": TASKS,
    "architecture": ARCHITECTURES,
    "unit": UNITS,
}


def _key(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", text.strip().lower())


@functools.cache  # the vocabularies are constants; fit asks once per column of a runs file
def _synonyms(kind: str) -> dict[str, str]:
    table = VOCABULARIES[kind]
    # a value's own name always resolves to it, whatever another value lists as a synonym
    out: dict[str, str] = {_key(name): name for name in table}
    for name, entry in table.items():
        for s in entry[1] if kind == "variable" else entry:
            out.setdefault(_key(s), name)
    return out


def also_called(kind: str, name: str, n: int = 2) -> list[str]:
    """Up to ``n`` of a vocabulary value's synonyms that name it in other words, as a reader
    would look for it ("test-time compute" for the category ``inference``): not its own name
    respelled ("pretraining"), narrowed or widened ("quantization inference", "transfer"), nor a
    word sharing its stem ("theoretical"), nor one of those already picked, so restated, nor a
    one-letter symbol (the samples' "k", a variable's "x"), which names no quantity by itself."""
    entry = VOCABULARIES[kind].get(name, ())
    synonyms = entry[1] if kind == "variable" and entry else entry
    picked: list[str] = []
    for s in synonyms:
        if len(picked) < n and len(s) > 1 and not any(_restates(s, o) for o in (name, *picked)):
            picked.append(s)
    return picked


def _restates(a: str, b: str) -> bool:
    """Whether two names say the same words: one holds the other (spaces and hyphens aside), or
    they share a stem of five letters or more."""
    a, b = _key(a).replace(" ", ""), _key(b).replace(" ", "")
    return a in b or b in a or len(os.path.commonprefix([a, b])) >= 5


class UnknownValue(ValueError):
    def __init__(self, kind: str, value: str, suggestions: list[str]):
        self.kind, self.value, self.suggestions = kind, value, suggestions
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        elsewhere = _named_elsewhere(kind, value, bool(hint))
        # a short vocabulary is listed; the variables (over a hundred) made the 'one line' a screenful
        known = (f"known: {', '.join(sorted(VOCABULARIES[kind]))}" if len(VOCABULARIES[kind]) <= _LISTED
                 else f"catalog vocab {kind} lists the {len(VOCABULARIES[kind])} known, with their synonyms")
        super().__init__(f"unknown {kind} {textguard.quoted(value)}{hint}{elsewhere} ({known})")


_LISTED = 40  # UnknownValue names every known value of a vocabulary up to this size


def _named_elsewhere(kind: str, value: str, hint: bool) -> str:
    """" 'moe' is a category (sparsity) and an architecture (moe)": the other vocabularies
    naming the value, for a reader who filtered by the wrong kind."""
    key = _key(value)
    named = [f"{'an' if other[0] in 'aeiou' else 'a'} {other} ({_synonyms(other)[key]})"
             for other in VOCABULARIES if other not in (kind, "unit") and key in _synonyms(other)]
    return f"{'' if hint else ';'} {textguard.quoted(value)} is {' and '.join(named)}" if named else ""


def did_you_mean(value: str, known, *, n: int = 5, cutoff: float = 0.5) -> str:
    """``"; did you mean: a, b?"`` with the known values closest to ``value``, or ``""``."""
    close = difflib.get_close_matches(value, list(known), n=n, cutoff=cutoff)
    return f"; did you mean: {', '.join(close)}?" if close else ""


def known(kind: str, value: str) -> str | None:
    """The normalized name of what a user typed, or None where the vocabulary has no such name: a
    test, where :func:`resolve` would build the suggestions of an error no one reads."""
    return _synonyms(kind).get(_key(value))


def resolve(kind: str, value: str) -> str:
    """Map what a user typed ("model size", "N") to the normalized name, or raise UnknownValue."""
    found = known(kind, value)
    if found is not None:
        return found
    synonyms = _synonyms(kind)
    key = _key(value)
    # case-sensitive single letters like "N" were lowered above; try close matches
    close = difflib.get_close_matches(key, list(synonyms), n=5, cutoff=0.6)
    # a word of a longer name ("moe" of "moe experts"), which difflib's ratio scores low
    within = [name for name in synonyms if key and key in name.split() and name != key]
    suggestions = list(dict.fromkeys(synonyms[c] for c in [*within, *close]))[:5]
    raise UnknownValue(kind, value, suggestions)


def unit_spelling(unit: str) -> str:
    """The catalog's spelling of ``unit`` (:data:`UNITS`: 'nats per token' -> 'nats/token'); any
    other text as it is."""
    return _unit_spellings().get(_key(unit), unit)


@functools.cache
def _unit_spellings() -> dict[str, str]:
    return _synonyms("unit")


UNSTATED_UNIT = "not stated"
# what gives away a unit the paper does not state, when it does not lead: 'loss units (not stated)',
# 'cross-entropy (log base not stated)' (a guess, 'presumably nats/token', is refused first)
_UNSTATED_MARK = re.compile(r"\bnot stated\b", re.IGNORECASE)
_GUESS = re.compile(r"\bpresumabl", re.IGNORECASE)
_NOT_UNITS = frozenset({"loss"})  # a quantity, not a unit: which loss, in what unit, is the question


def unit_not_stated(unit: str | None) -> bool:
    """Whether ``unit`` is one the paper does not state ('not stated (what the quantity is)', or none)."""
    return not unit or not unit.strip() or unit.strip().lower().startswith(UNSTATED_UNIT)


def unstated_unit_problem(unit: str) -> str | None:
    """Why ``unit`` is not the catalog's spelling of a unit the paper does not state ('not stated'
    or 'not stated (what the quantity is)'), or None when it is fine."""
    text = unit.strip()
    if _GUESS.search(text):
        return ("a unit the paper does not state is not guessed ('presumably'): write 'not stated (what the quantity "
                "is)', and a unit the data show in the symbol's meaning with the evidence")
    if _key(text) in _NOT_UNITS:
        return (f"{text!r} names a quantity, not a unit: write the unit the paper states, or 'not stated ({text})' "
                "when it states none")
    if _UNSTATED_MARK.search(text) and not text.lower().startswith(UNSTATED_UNIT):
        head = re.split(r"\s*\(", text, maxsplit=1)[0].strip()
        named = (f"'not stated ({head})'" if head and not _UNSTATED_MARK.search(head) and _key(head) not in _unit_spellings()
                 else "'not stated (what the quantity is)'")  # a unit in the parentheses would be a guess
        return (f"a unit the paper does not state is spelled {named}: 'not stated' first, the quantity in parentheses "
                "(catalog vocab unit)")
    return None


# Variables records use for one quantity in different papers: a loss as the predictor of a
# downstream metric is 'pretraining_loss' in most records (Yuan et al., McLeish et al., Gadre et
# al.) but 'loss' in others (Gordon et al.'s and Ghorbani et al.'s BLEU from the loss).
ALSO_MEANT = {"loss": "pretraining_loss", "pretraining_loss": "loss"}


def related_variable(name: str) -> str | None:
    """The variable paired with ``name`` as a quantity and its optimum (``learning_rate`` and
    ``optimal_learning_rate``, ``batch_size`` and ``optimal_batch_size``), or used for the same
    quantity (:data:`ALSO_MEANT`), else None: what a search that found nothing for one of them
    may have meant."""
    if name in ALSO_MEANT:
        return ALSO_MEANT[name]
    other = name.removeprefix("optimal_") if name.startswith("optimal_") else f"optimal_{name}"
    return other if other in VARIABLES else None
